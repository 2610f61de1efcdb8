package dev.mp4j.internal.manager;

import dev.mp4j.manager.SharedAsyncResult;
import dev.mp4j.pool.AsyncResult;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** The server side of a {@link SharedAsyncResult}: the pool's {@link AsyncResult}. */
final class AsyncResultTarget<R> implements SharedAsyncResult<R> {
    private final AsyncResult<R> result;

    AsyncResultTarget(AsyncResult<R> result) {
        this.result = result;
    }

    @Override
    public R get() throws InterruptedException, ExecutionException {
        return result.get();
    }

    @Override
    public R get(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        return result.get(timeout);
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        try {
            result.get(timeout);
        } catch (ExecutionException | TimeoutException | java.util.concurrent.CancellationException e) {
            // ready or not, as result.isDone() says
        }
        return result.isDone();
    }

    @Override
    public boolean ready() {
        return result.ready();
    }

    @Override
    public boolean successful() {
        return result.successful();
    }

    @Override
    public String toString() {
        return "AsyncResult[" + (result.isDone() ? "ready" : "pending") + "]";
    }
}
