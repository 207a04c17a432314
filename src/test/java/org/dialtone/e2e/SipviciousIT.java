package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.dialtone.testing.CapturedLog;
import org.dialtone.testing.Sipvicious;
import org.dialtone.testing.TestDirs;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, scanners: what sipvicious 0.3.3, the tool that scans every SIP port on the internet, gets out of the
 * switch. {@code svwar} cannot tell its accounts from made-up ones, and {@code svcrack} is stopped by the
 * auth-failure limiter before it reaches the password. Each test has a control that shows the tool succeeding where
 * the protection is missing, so that a passing test means the protection worked, not that the tool misfired.
 */
class SipviciousIT {
    /** Known extensions of {@link SwitchFixture}'s customer 1000001, and made-up ones around them. */
    private static final String EXTENSIONS = "-e195-230";
    private static final Duration SCAN_LIMIT = Duration.ofSeconds(30);

    // ------------------------------------------------------------------------------------------------ svwar

    @Test
    void svwarFindsNoExtensionBecauseKnownAndUnknownUsersGetTheSameAnswer() {
        try (SwitchFixture sw = new SwitchFixture()) {
            Sipvicious.Result plain = Sipvicious.svwar(sw.dialtone.sipPort(), SCAN_LIMIT, EXTENSIONS, "-m", "REGISTER");
            assertThat(plain.output()).as(plain.describe())
                    .contains("SIP server replied with an authentication request for an unknown extension");
            assertThat(plain.tableRows()).as(plain.describe()).isEmpty();

            // --force scans anyway and reports every extension whose answer differs from a made-up one's
            for (String method : List.of("REGISTER", "INVITE", "OPTIONS")) {
                Sipvicious.Result forced = Sipvicious.svwar(sw.dialtone.sipPort(), SCAN_LIMIT, "--force", EXTENSIONS,
                        "-m", method);
                assertThat(forced.output()).as(forced.describe()).contains("found nothing")
                        .doesNotContain("Unhandled exception");
                assertThat(forced.tableRows()).as(forced.describe()).isEmpty();
            }
            assertThat(sw.dialtone.sip().registrations()).isZero();
            sw.awaitNoLeak();
        }
    }

    @Test
    void svwarDoesFindTheExtensionsOfARegistrarThatTellsThemApart() {
        // the control: the same scan against a registrar answering 404 for unknown users lists the known ones
        try (LeakyRegistrar leaky = new LeakyRegistrar(Set.of("200", "201", "202", "226"))) {
            Sipvicious.Result r = Sipvicious.svwar(leaky.port(), SCAN_LIMIT, "--force", EXTENSIONS, "-m", "REGISTER");
            assertThat(r.tableRows()).as(r.describe())
                    .containsExactlyInAnyOrder("| 200 | reqauth |", "| 201 | reqauth |", "| 202 | reqauth |",
                            "| 226 | reqauth |");
        }
    }

    // ------------------------------------------------------------------------------------------------ svcrack

    /** The real password of 200 sits at this (1-based) position of the dictionary, after the limit of 10 failures. */
    private static final int PASSWORD_POSITION = 40;

    @Test
    void svcrackFindsThePasswordWhenTheLimiterIsOff() {
        // the control: with a limit no attack reaches, svcrack's digest is right and it reports the password
        try (SwitchFixture sw = new SwitchFixture(Map.of(), "auth_failures_per_minute: 1000000")) {
            Sipvicious.Result r = Sipvicious.svcrack(sw.dialtone.sipPort(), SCAN_LIMIT, "-u200", "-d",
                    dictionary().toString(), "-vv");
            assertThat(r.tableRows()).as(r.describe()).containsExactly("| 200 | " + SwitchFixture.password("200") + " |");
            assertThat(r.exitCode()).as(r.describe()).isZero();
            // it answers each challenge as it comes, so it may have sent one more guess before the 200 arrived
            assertThat(triedPasswords(r)).as(r.describe()).contains(SwitchFixture.password("200"))
                    .hasSizeBetween(PASSWORD_POSITION, PASSWORD_POSITION + 5);
            // the switch agrees: svcrack's REGISTER got a 200 (its Contact, sip:123@1.1.1.1, is never contacted:
            // the switch calls no one and is closed right away)
            assertThat(sw.dialtone.sip().registrations()).isEqualTo(1);
        }
    }

    @Test
    void svcrackIsBlockedByTheAuthFailureLimiterBeforeItFindsThePassword() {
        try (SwitchFixture sw = new SwitchFixture(); // sip.auth_failures_per_minute: 10, the default
             CapturedLog log = new CapturedLog("org.dialtone.sip.RequestAuthenticator")) {
            // svcrack never gives up on its own while the switch answers (403s included), so it gets a fixed window:
            // the control above needs well under a second for the whole dictionary
            Sipvicious.Result r = Sipvicious.svcrack(sw.dialtone.sipPort(), Duration.ofSeconds(5), "-u200", "-d",
                    dictionary().toString(), "-vv");
            assertThat(r.stoppedByTimeLimit()).as("still knocking when its time was up: " + r.describe()).isTrue();
            assertThat(r.output()).as(r.describe()).contains("found nothing");
            assertThat(r.tableRows()).as(r.describe()).isEmpty();
            // svcrack answers every challenge it holds; those it fetched before the block still go out, then every
            // REGISTER gets 403 and it gets no challenge to answer any more
            assertThat(triedPasswords(r)).as(r.describe()).doesNotContain(SwitchFixture.password("200"))
                    .hasSizeLessThan(PASSWORD_POSITION);
            assertThat(log.count(Level.INFO, "authentication failed for user '200'")).as("passwords the switch checked")
                    .isBetween(10, PASSWORD_POSITION - 1);
            // the block is logged once when it starts, not once per REGISTER refused while it lasts
            assertThat(log.count(Level.WARN, "blocked after too many authentication failures")).as("block WARNs")
                    .isEqualTo(1);
            assertThat(sw.dialtone.sip().registrations()).isZero();
            sw.awaitNoLeak();
        }
    }

    /** The passwords svcrack sent, from its debug log ({@code -vv}), in order. */
    private static List<String> triedPasswords(Sipvicious.Result r) {
        List<String> tried = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)trying (\\S+)$").matcher(r.output());
        while (m.find()) tried.add(m.group(1));
        return tried;
    }

    /** {@value #PASSWORD_POSITION} - 1 wrong passwords, then 200's real one, then more wrong ones. */
    private static Path dictionary() {
        List<String> words = new ArrayList<>(IntStream.rangeClosed(1, 50).mapToObj(i -> "guess" + i).toList());
        words.set(PASSWORD_POSITION - 1, SwitchFixture.password("200"));
        try {
            return Files.write(TestDirs.newDir("svcrack-dictionary").resolve("words.txt"), words);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A registrar with the classic enumeration leak: 401 for its {@code users}, 404 for everyone else. It answers
     * every request on 127.0.0.1 from its own thread.
     */
    private static final class LeakyRegistrar implements AutoCloseable {
        private static final Pattern TO_USER = Pattern.compile("(?im)^(?:To|t):[^\\r\\n]*?sip:([^@>;\\s]+)@");
        private final DatagramChannel channel;
        private final Set<String> users;
        private final Thread thread;

        LeakyRegistrar(Set<String> users) {
            this.users = users;
            try {
                channel = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            thread = Thread.ofPlatform().daemon().name("leaky-registrar").start(this::serve);
        }

        int port() {
            try {
                return ((InetSocketAddress) channel.getLocalAddress()).getPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void serve() {
            ByteBuffer in = ByteBuffer.allocate(65_535);
            try {
                while (true) {
                    in.clear();
                    SocketAddress from = channel.receive(in);
                    in.flip();
                    String request = StandardCharsets.UTF_8.decode(in).toString();
                    if (request.startsWith("SIP/2.0") || request.startsWith("ACK ")) continue;
                    Matcher to = TO_USER.matcher(request);
                    boolean known = to.find() && users.contains(to.group(1));
                    String response = (known ? "SIP/2.0 401 Unauthorized\r\n" : "SIP/2.0 404 Not Found\r\n")
                            + copy(request, "Via") + copy(request, "From") + copy(request, "To")
                            + copy(request, "Call-ID") + copy(request, "CSeq")
                            + (known ? "WWW-Authenticate: Digest realm=\"leaky\", nonce=\"n1\", qop=\"auth\"\r\n" : "")
                            + "Content-Length: 0\r\n\r\n";
                    channel.send(ByteBuffer.wrap(response.getBytes(StandardCharsets.UTF_8)), from);
                }
            } catch (ClosedChannelException e) {
                // closed: done
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String copy(String request, String header) {
            Matcher m = Pattern.compile("(?im)^" + header + ":[^\\r\\n]*\\r\\n").matcher(request);
            return m.find() ? m.group() : "";
        }

        @Override
        public void close() {
            try {
                channel.close();
                thread.join(Duration.ofSeconds(2));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
