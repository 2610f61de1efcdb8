/**
 * Managers: a server process holding shared objects that other processes use through proxies,
 * Python's {@code multiprocessing.managers}.
 *
 * <table>
 * <caption>Python names and their mp4j counterparts</caption>
 * <tr><th>Python</th><th>mp4j</th></tr>
 * <tr><td>{@code Manager()} / {@code SyncManager}</td><td>{@link dev.mp4j.manager.Manager#start()}</td></tr>
 * <tr><td>{@code manager.dict()}, {@code manager.list()}</td><td>{@link dev.mp4j.manager.SharedMap},
 *     {@link dev.mp4j.manager.SharedList} (a {@code java.util.Map} / {@code List})</td></tr>
 * <tr><td>{@code manager.Namespace()}</td><td>{@link dev.mp4j.manager.Namespace}</td></tr>
 * <tr><td>{@code manager.Queue()}, {@code JoinableQueue()}</td><td>{@link dev.mp4j.manager.SharedQueue}</td></tr>
 * <tr><td>{@code Lock()}, {@code RLock()}</td><td>{@link dev.mp4j.manager.SharedLock} (a {@code java.util.concurrent.locks.Lock})</td></tr>
 * <tr><td>{@code Semaphore()}, {@code BoundedSemaphore()}</td><td>{@link dev.mp4j.manager.SharedSemaphore}</td></tr>
 * <tr><td>{@code Event()}, {@code Condition()}, {@code Barrier()}</td><td>{@link dev.mp4j.manager.SharedEvent},
 *     {@link dev.mp4j.manager.SharedCondition}, {@link dev.mp4j.manager.SharedBarrier}</td></tr>
 * <tr><td>{@code Value()}, {@code Array()}</td><td>{@link dev.mp4j.manager.SharedValue}, {@link dev.mp4j.manager.SharedArray}</td></tr>
 * <tr><td>{@code BaseManager.register(typeid, callable, exposed=...)}</td>
 *     <td>{@link dev.mp4j.manager.Manager.Builder#register} and {@link dev.mp4j.manager.Manager#create}</td></tr>
 * <tr><td>{@code manager.get_server().serve_forever()} / {@code manager.connect()}</td>
 *     <td>{@link dev.mp4j.manager.Manager.Builder#serve()} / {@link dev.mp4j.manager.Manager#connect}</td></tr>
 * </table>
 */
package dev.mp4j.manager;
