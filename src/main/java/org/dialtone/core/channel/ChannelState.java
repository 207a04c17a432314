package org.dialtone.core.channel;

/** Life of a channel: down (created) → ringing → up (answered) → hungup. Bridged/parked/held are relations, not states. */
public enum ChannelState {
    DOWN("down"), RINGING("ringing"), UP("up"), HUNGUP("hangup");

    private final String wire;
    ChannelState(String wire) { this.wire = wire; }
    public String wire() { return wire; }

    /** Legal moves; a hung-up channel never changes again. */
    public boolean canMoveTo(ChannelState next) {
        return switch (this) {
            case DOWN -> next != DOWN;
            case RINGING -> next == UP || next == HUNGUP;
            case UP -> next == HUNGUP;
            case HUNGUP -> false;
        };
    }
}
