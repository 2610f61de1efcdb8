/**
 * Message channels between processes: Python's {@code multiprocessing.connection} and
 * {@code multiprocessing.Pipe}.
 *
 * <ul>
 * <li>{@link dev.mp4j.connection.Pipe}: two connected ends in shared memory, for processes of
 *     this machine started by mp4j (and threads).</li>
 * <li>{@link dev.mp4j.connection.Listener} and {@link dev.mp4j.connection.Client}: authenticated
 *     socket connections (Unix domain or TCP) between any processes that share an authkey.</li>
 * <li>{@link dev.mp4j.connection.Connection}: what both give, with {@code send}/{@code recv} of
 *     objects, {@code sendBytes}/{@code recvBytes} of raw messages, {@code poll}, and passing of
 *     open file descriptors ({@link dev.mp4j.connection.FileHandle}).</li>
 * <li>{@link dev.mp4j.connection.Connections#wait}: waits on connections and process sentinels
 *     together ({@link dev.mp4j.connection.Waitable}).</li>
 * </ul>
 *
 * <p>Nothing a peer sends is deserialized before it passed the authkey challenge; what is then
 * decoded follows {@link dev.mp4j.Serialization}.
 */
package dev.mp4j.connection;
