package org.dialtone.sip.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Tolerant SDP reader: accepts \r\n or \n, skips blank lines and line types it does not model (b=, i=, k=, ...),
 * ignores unknown attributes. Reports structural errors with the offending line number.
 */
final class SdpParser {
    // compiled once: String.split with these (and String.matches) compiled a Pattern per call, on every INVITE's SDP
    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\n|\r");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** Mutable state of one m= section while its attribute lines are read. */
    private static final class MediaBuilder {
        final int line;
        final String media;
        final int port;
        final String protocol;
        final List<String> formats;
        final Map<Integer, RtpMap> rtpmaps = new LinkedHashMap<>();
        final Map<Integer, String> fmtps = new LinkedHashMap<>();
        MediaDirection direction;
        String connectionAddress;
        int ptime;

        MediaBuilder(int line, String media, int port, String protocol, List<String> formats) {
            this.line = line;
            this.media = media;
            this.port = port;
            this.protocol = protocol;
            this.formats = formats;
        }
    }

    private String[] origin;
    private String sessionName = "-";
    private String sessionConnection;
    private MediaDirection sessionDirection;
    private final List<MediaBuilder> media = new ArrayList<>();

    private SdpParser() {}

    static SessionDescription parse(String sdp) throws SdpException {
        if (sdp == null || sdp.isBlank()) throw new SdpException("empty SDP");
        return new SdpParser().read(sdp);
    }

    private SessionDescription read(String sdp) throws SdpException {
        String[] lines = LINE_BREAK.split(sdp, -1);
        boolean sawVersion = false;
        for (int i = 0; i < lines.length; i++) {
            int n = i + 1;
            String line = lines[i];
            if (line.isBlank()) continue;
            if (line.length() < 2 || line.charAt(1) != '=' || !Character.isLetter(line.charAt(0))) {
                throw new SdpException("line " + n + ": expected '<type>=<value>', got '" + abbreviate(line) + "'");
            }
            char type = line.charAt(0);
            String value = line.substring(2).trim();
            if (!sawVersion) {
                if (type != 'v') throw new SdpException("line " + n + ": SDP must start with v=, got '" + abbreviate(line) + "'");
                if (!value.equals("0")) throw new SdpException("line " + n + ": unsupported SDP version '" + value + "', expected v=0");
                sawVersion = true;
                continue;
            }
            MediaBuilder current = media.isEmpty() ? null : media.get(media.size() - 1);
            switch (type) {
                case 'o' -> origin = parseOrigin(n, value);
                case 's' -> { if (current == null) sessionName = value; }
                case 'c' -> {
                    String address = parseConnection(n, value);
                    if (current == null) sessionConnection = address; else current.connectionAddress = address;
                }
                case 'm' -> media.add(parseMediaLine(n, value));
                case 'a' -> parseAttribute(n, value, current);
                default -> { } // t=, b=, i=, u=, e=, p=, z=, k=, r=: not modelled
            }
        }
        if (origin == null) throw new SdpException("missing o= line");
        if (media.isEmpty()) throw new SdpException("no m= line: SDP describes no media");
        List<MediaDescription> out = new ArrayList<>(media.size());
        for (MediaBuilder m : media) {
            if (m.port != 0 && m.connectionAddress == null && sessionConnection == null) {
                throw new SdpException("line " + m.line + ": m=" + m.media + " has no c= line and there is no"
                        + " session-level c= line");
            }
            MediaDirection direction = m.direction != null ? m.direction
                    : sessionDirection != null ? sessionDirection : MediaDirection.SENDRECV;
            out.add(new MediaDescription(m.media, m.port, m.protocol, m.formats, m.rtpmaps, m.fmtps, direction,
                    m.connectionAddress, m.ptime));
        }
        return new SessionDescription(origin[0], origin[1], origin[2], origin[5], sessionName, sessionConnection, out);
    }

    /** {@code <username> <sess-id> <sess-version> IN IP4|IP6 <address>}. */
    private static String[] parseOrigin(int n, String value) throws SdpException {
        String[] f = WHITESPACE.split(value);
        if (f.length != 6) {
            throw new SdpException("line " + n + ": o= needs 6 fields '<username> <sess-id> <sess-version> IN IP4"
                    + " <address>', got '" + abbreviate(value) + "'");
        }
        if (!isDigits(f[1], Integer.MAX_VALUE)) throw new SdpException("line " + n + ": o= sess-id '" + f[1] + "' is not numeric");
        if (!isDigits(f[2], Integer.MAX_VALUE)) throw new SdpException("line " + n + ": o= sess-version '" + f[2] + "' is not numeric");
        checkAddressType(n, "o=", f[3], f[4]);
        return f;
    }

    /** {@code IN IP4|IP6 <address>[/ttl[/count]]}; returns the address. */
    private static String parseConnection(int n, String value) throws SdpException {
        String[] f = WHITESPACE.split(value);
        if (f.length != 3) {
            throw new SdpException("line " + n + ": c= needs 'IN IP4 <address>', got '" + abbreviate(value) + "'");
        }
        checkAddressType(n, "c=", f[0], f[1]);
        int slash = f[2].indexOf('/');
        return slash < 0 ? f[2] : f[2].substring(0, slash);
    }

    private static void checkAddressType(int n, String what, String netType, String addrType) throws SdpException {
        if (!netType.equals("IN")) throw new SdpException("line " + n + ": " + what + " network type '" + netType + "' is not IN");
        if (!addrType.equals("IP4") && !addrType.equals("IP6")) {
            throw new SdpException("line " + n + ": " + what + " address type '" + addrType + "' is not IP4 or IP6");
        }
    }

    /** {@code <media> <port>[/<count>] <proto> <fmt> ...}. */
    private static MediaBuilder parseMediaLine(int n, String value) throws SdpException {
        String[] f = WHITESPACE.split(value);
        if (f.length < 4) {
            throw new SdpException("line " + n + ": m= needs '<media> <port> <proto> <format>...', got '"
                    + abbreviate(value) + "'");
        }
        String portText = f[1].contains("/") ? f[1].substring(0, f[1].indexOf('/')) : f[1];
        if (!isDigits(portText, 5) || Integer.parseInt(portText) > 65535) {
            throw new SdpException("line " + n + ": m= port '" + f[1] + "' is not a number 0-65535");
        }
        List<String> formats = List.of(f).subList(3, f.length);
        if (MediaDescription.isRtpProtocol(f[2])) {
            for (String format : formats) {
                if (!isDigits(format, 3) || Integer.parseInt(format) > 127) {
                    throw new SdpException("line " + n + ": m= format '" + format + "' is not an RTP payload type 0-127");
                }
            }
        }
        return new MediaBuilder(n, f[0], Integer.parseInt(portText), f[2], formats);
    }

    private void parseAttribute(int n, String value, MediaBuilder current) throws SdpException {
        int colon = value.indexOf(':');
        String name = colon < 0 ? value : value.substring(0, colon);
        String arg = colon < 0 ? "" : value.substring(colon + 1).trim();
        Optional<MediaDirection> direction = MediaDirection.fromAttribute(name);
        if (direction.isPresent()) {
            if (current == null) sessionDirection = direction.get(); else current.direction = direction.get();
            return;
        }
        if (current == null || !MediaDescription.isRtpProtocol(current.protocol)) return;
        switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "rtpmap" -> {
                RtpMap map = parseRtpMap(n, arg);
                current.rtpmaps.put(map.payloadType(), map);
            }
            case "fmtp" -> {
                String[] f = WHITESPACE.split(arg, 2);
                current.fmtps.put(payloadType(n, "a=fmtp", f[0]), f.length > 1 ? f[1] : "");
            }
            case "ptime" -> {
                String ms = arg.contains(".") ? arg.substring(0, arg.indexOf('.')) : arg;
                if (!isDigits(ms, 4)) throw new SdpException("line " + n + ": a=ptime '" + arg + "' is not a number");
                current.ptime = Integer.parseInt(ms);
            }
            default -> { }
        }
    }

    /** {@code <pt> <encoding>/<clock rate>[/<parameters>]}. */
    private static RtpMap parseRtpMap(int n, String arg) throws SdpException {
        String[] f = WHITESPACE.split(arg, 2);
        int pt = payloadType(n, "a=rtpmap", f[0]);
        String[] enc = f.length > 1 ? f[1].trim().split("/", 3) : new String[0];
        if (enc.length < 2 || enc[0].isEmpty() || !isDigits(enc[1], 9) || Integer.parseInt(enc[1]) == 0) {
            throw new SdpException("line " + n + ": malformed a=rtpmap '" + abbreviate(arg)
                    + "', expected '<payload type> <encoding>/<clock rate>'");
        }
        return new RtpMap(pt, enc[0], Integer.parseInt(enc[1]), enc.length > 2 ? enc[2] : null);
    }

    private static int payloadType(int n, String what, String text) throws SdpException {
        if (!isDigits(text, 3) || Integer.parseInt(text) > 127) {
            throw new SdpException("line " + n + ": " + what + " payload type '" + text + "' is not 0-127");
        }
        return Integer.parseInt(text);
    }

    /** Whether {@code s} is 1 to {@code maxLength} ASCII digits (what the regex {@code \\d{1,max}} matches). */
    static boolean isDigits(String s, int maxLength) {
        int length = s.length();
        if (length == 0 || length > maxLength) return false;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    private static String abbreviate(String s) { return s.length() <= 80 ? s : s.substring(0, 77) + "..."; }
}
