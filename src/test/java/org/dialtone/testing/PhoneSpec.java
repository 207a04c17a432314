package org.dialtone.testing;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What one baresip phone looks like: its account, the registrar/outbound proxy it uses (our switch), the tone it sends
 * and how it answers.
 *
 * @param user          SIP user (and AOR user part), e.g. {@code 1001}
 * @param password      digest password, or {@code null} for none
 * @param authUser      digest user name (defaults to {@code user})
 * @param registrarHost host of the registrar/outbound proxy, or {@code null} for a phone without one (peer-to-peer)
 * @param registrarPort its port (never 5060 in tests)
 * @param transport     transport to the registrar
 * @param toneHz        sine frequency sent as audio ({@code audio_source ausine,<Hz>})
 * @param audioFile     if non-null, send this 8 kHz mono s16 WAV instead of the sine ({@code aufile}); the phone hangs
 *                      up when the file ends
 * @param answerMode    auto or manual answer
 * @param maxCalls      {@code call_max_calls}; 1 makes a second incoming call get {@code 486 Max Calls}
 * @param register      whether to REGISTER at all ({@code regint=0} when false)
 * @param regint        registration interval in seconds
 * @param localAddress  the loopback address baresip binds for SIP and RTP (default 127.0.0.1; a phone standing in for
 *                      a carrier uses the carrier's, e.g. 127.0.0.2)
 * @param displayName   the display name of the account (From), or null for none
 */
public record PhoneSpec(String user, String password, String authUser, String registrarHost, int registrarPort,
                        Transport transport, int toneHz, Path audioFile, AnswerMode answerMode, int maxCalls,
                        boolean register, int regint, String audioCodecs, String localAddress, String displayName) {

    public enum Transport {
        UDP, TCP;

        public String param() { return name().toLowerCase(); }
    }

    public enum AnswerMode {
        AUTO, MANUAL, EARLY;

        public String param() { return name().toLowerCase(); }
    }

    public PhoneSpec {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(answerMode, "answerMode");
        if (authUser == null) authUser = user;
        if (register && registrarHost == null) throw new IllegalArgumentException("register=true needs a registrar");
        if (registrarHost != null && (registrarPort <= 0 || registrarPort > 65535)) {
            throw new IllegalArgumentException("bad registrar port " + registrarPort);
        }
        if (toneHz <= 0 && audioFile == null) throw new IllegalArgumentException("need a tone or an audio file");
        if (maxCalls < 1) throw new IllegalArgumentException("maxCalls < 1");
        if (localAddress == null) localAddress = "127.0.0.1";
        if (!localAddress.startsWith("127.")) throw new IllegalArgumentException("loopback only: " + localAddress);
    }

    /** A phone registering as {@code user} with {@code password} at {@code host:port} (UDP, 440 Hz, auto answer). */
    public static Builder builder(String user) { return new Builder(user); }

    public boolean hasRegistrar() { return registrarHost != null; }

    /** The domain of this phone's AOR: the registrar host, or its own address without one. */
    public String domain() { return registrarHost != null ? registrarHost : localAddress; }

    /** The baresip {@code accounts} line. */
    public String accountLine() {
        StringBuilder b = new StringBuilder();
        if (displayName != null) b.append('"').append(displayName).append("\" ");
        b.append("<sip:").append(user).append('@').append(domain());
        if (hasRegistrar()) b.append(";transport=").append(transport.param());
        b.append('>');
        if (password != null) b.append(";auth_user=").append(authUser).append(";auth_pass=").append(password);
        if (hasRegistrar()) {
            b.append(";outbound=\"sip:").append(registrarHost).append(':').append(registrarPort)
                    .append(";transport=").append(transport.param()).append('"');
        }
        b.append(";answermode=").append(answerMode.param());
        b.append(";audio_codecs=").append(audioCodecs == null ? "PCMU,PCMA" : audioCodecs);
        b.append(";regint=").append(register ? regint : 0);
        b.append(";medianat=;call_transfer=yes");
        return b.toString();
    }

    public static final class Builder {
        private final String user;
        private String password;
        private String authUser;
        private String registrarHost;
        private int registrarPort;
        private Transport transport = Transport.UDP;
        private int toneHz = 440;
        private Path audioFile;
        private AnswerMode answerMode = AnswerMode.AUTO;
        private int maxCalls = 4;
        private Boolean register;
        private int regint = 300;
        private String audioCodecs;
        private String localAddress = "127.0.0.1";
        private String displayName;

        private Builder(String user) { this.user = user; }

        public Builder password(String password) { this.password = password; return this; }

        public Builder authUser(String authUser) { this.authUser = authUser; return this; }

        /** Registrar and outbound proxy (our switch). Registration is on unless {@link #register(boolean)} says no. */
        public Builder registrar(String host, int port) { this.registrarHost = host; this.registrarPort = port; return this; }

        public Builder registrar(String host, int port, Transport transport) {
            this.transport = transport;
            return registrar(host, port);
        }

        public Builder transport(Transport transport) { this.transport = transport; return this; }

        public Builder tone(int hz) { this.toneHz = hz; return this; }

        public Builder audioFile(Path wav8kMonoS16) { this.audioFile = wav8kMonoS16; return this; }

        public Builder answerMode(AnswerMode mode) { this.answerMode = mode; return this; }

        public Builder manualAnswer() { return answerMode(AnswerMode.MANUAL); }

        public Builder maxCalls(int n) { this.maxCalls = n; return this; }

        public Builder register(boolean register) { this.register = register; return this; }

        public Builder regint(int seconds) { this.regint = seconds; return this; }

        /** baresip's {@code audio_codecs} of the account, e.g. {@code "PCMA"}; default {@code "PCMU,PCMA"}. */
        public Builder codecs(String audioCodecs) { this.audioCodecs = audioCodecs; return this; }

        /** The loopback address the phone binds (SIP and RTP), e.g. 127.0.0.2 for a phone that plays a carrier. */
        public Builder localAddress(String address) { this.localAddress = address; return this; }

        /** The display name sent in From (e.g. the caller name a carrier delivers). */
        public Builder displayName(String name) { this.displayName = name; return this; }

        public PhoneSpec build() {
            boolean reg = register != null ? register : registrarHost != null;
            return new PhoneSpec(user, password, authUser, registrarHost, registrarPort, transport, toneHz,
                    audioFile == null ? null : audioFile.toAbsolutePath(), answerMode, maxCalls, reg, regint, audioCodecs,
                    localAddress, displayName);
        }
    }
}
