package dev.heroes.model;

/**
 * What one request asks of the database's consistency, when reads may go to standbys: how far a
 * standby must have replayed for this request's reads (the client's last write, which it presents),
 * and where to hand the primary's position after this request's own write committed (for the
 * client to present later). {@link #NONE} asks nothing: reads may then be served by any standby
 * within the replay lag bound.
 */
public interface Consistency {

    /** Asks nothing and is told nothing. */
    Consistency NONE = new Consistency() {
        @Override
        public WalPosition readsAfter() {
            return WalPosition.START;
        }

        @Override
        public void committed(WalPosition position) {}
    };

    /** The position a standby must have replayed to serve this request's reads. */
    WalPosition readsAfter();

    /**
     * Takes the primary's position just after this request's write committed: a standby that has
     * replayed this far shows the write.
     */
    void committed(WalPosition position);
}
