package org.dialtone.core.channel;

/** Why a channel ended. Adapters map these to and from protocol codes (SIP status, Q.850). */
public enum HangupCause {
    NORMAL("normal"), BUSY("busy"), NO_ANSWER("no_answer"), REJECTED("rejected"), UNAVAILABLE("unavailable"),
    NOT_FOUND("not_found"), CANCELLED("cancelled"), ANSWERED_ELSEWHERE("answered_elsewhere"),
    MEDIA_TIMEOUT("media_timeout"), SHUTDOWN("shutdown"), FAILED("failed"),
    /** The switch could not place the call: no trunk free, no RTP port, every INVITE failed to be sent. */
    CONGESTION("congestion");

    private final String wire;
    HangupCause(String wire) { this.wire = wire; }
    public String wire() { return wire; }

    /** The dial status a ringing attempt ending with this cause reports. */
    public DialStatus dialStatus() {
        return switch (this) {
            case NORMAL -> DialStatus.ANSWER;
            case BUSY -> DialStatus.BUSY;
            case NO_ANSWER -> DialStatus.NO_ANSWER;
            case CANCELLED, ANSWERED_ELSEWHERE -> DialStatus.CANCEL;
            case UNAVAILABLE, NOT_FOUND -> DialStatus.UNAVAILABLE;
            case REJECTED -> DialStatus.BUSY;
            case MEDIA_TIMEOUT, SHUTDOWN, FAILED -> DialStatus.FAILED;
            case CONGESTION -> DialStatus.CONGESTION;
        };
    }
}
