package dev.mp4j.pool;

import dev.mp4j.Engine;
import dev.mp4j.sync.Event;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** imap, imapUnordered and map read their input lazily: infinite inputs stream, input errors arrive at their position. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PoolStreamingTest {

    /** 0, 1, 2, ... counting how many were read in {@code read}; reading item {@code failAt} throws {@code failure}. */
    private static Iterable<Integer> numbers(AtomicLong read, long failAt, String failure) {
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                read.incrementAndGet();
                if (next == failAt) {
                    throw new IllegalStateException(failure);
                }
                return next++;
            }
        };
    }

    /** 0, 1, 2, ...; past {@code limit} it throws, so an eager reader fails fast. */
    private static Iterable<Integer> naturals(AtomicLong read, long limit) {
        return numbers(read, limit, "the input was read " + limit + " items ahead: not lazily");
    }

    /** 0 .. good-1, then the iterator throws. */
    private static Iterable<Integer> breaksAfter(int good) {
        return numbers(new AtomicLong(), good, "input broke at " + good);
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void imapStreamsAnInfiniteInputWithBoundedReadAhead(Engine engine) {
        try (Pool pool = Pool.builder().engine(engine).processes(2).build()) {
            AtomicLong read = new AtomicLong();
            int readAhead = 8;
            try (ResultIterator<Integer> squares = pool.imap((Integer n) -> n * n, naturals(read, 1_000_000),
                    MapOptions.defaults().withReadAhead(readAhead))) {
                for (int n = 0; n < 100; n++) {
                    assertThat(squares.next()).isEqualTo(n * n);
                    assertThat(read.get()).as("items read after %d results", n + 1).isLessThanOrEqualTo(n + 1 + readAhead + 1);
                }
            }
            AtomicLong readUnordered = new AtomicLong();
            try (ResultIterator<Integer> doubled = pool.imapUnordered((Integer n) -> n * 2, naturals(readUnordered, 1_000_000),
                    MapOptions.defaults().withChunksize(10).withReadAhead(4))) {
                Set<Integer> seen = new HashSet<>();
                for (int i = 0; i < 200; i++) {
                    seen.add(doubled.next());
                    assertThat(readUnordered.get()).isLessThanOrEqualTo((i / 10 + 1 + 4 + 1) * 10L);
                }
                assertThat(seen).hasSize(200).allSatisfy(value -> assertThat(value % 2).isZero());
                assertThat(seen.stream().mapToInt(Integer::intValue).max().orElseThrow()).isLessThan((20 + 4 + 1) * 10 * 2);
                doubled.close();
                assertThat(doubled.hasNext()).isFalse();
                assertThatThrownBy(doubled::next).isInstanceOf(NoSuchElementException.class);
            }
            assertThat(pool.apply(() -> "still serving")).isEqualTo("still serving");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void anInputExceptionSurfacesFromNextAtItsPosition(Engine engine) {
        try (Pool pool = Pool.builder().engine(engine).processes(2).build()) {
            ResultIterator<Integer> ordered = pool.imap((Integer x) -> x * 10, breaksAfter(5));
            List<Integer> before = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                before.add(ordered.next());
            }
            assertThat(before).containsExactly(0, 10, 20, 30, 40);
            assertThatThrownBy(ordered::next).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(IllegalStateException.class).hasMessage("input broke at 5");
            assertThat(ordered.hasNext()).as("the input ended where it broke").isFalse();

            ResultIterator<Integer> chunked = pool.imap((Integer x) -> x, breaksAfter(7), MapOptions.defaults().withChunksize(3));
            List<Integer> chunkedBefore = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                chunkedBefore.add(chunked.next());
            }
            assertThat(chunkedBefore).containsExactly(0, 1, 2, 3, 4, 5, 6);
            assertThatThrownBy(chunked::next).cause().hasMessage("input broke at 7");

            ResultIterator<Integer> unordered = pool.imapUnordered((Integer x) -> x, breaksAfter(3));
            List<Object> all = new ArrayList<>();
            while (unordered.hasNext()) {
                try {
                    all.add(unordered.next());
                } catch (CompletionException e) {
                    all.add(e.getCause().getMessage());
                }
            }
            assertThat(all).containsExactlyInAnyOrder(0, 1, 2, "input broke at 3");

            assertThatThrownBy(() -> pool.map((Integer x) -> x, breaksAfter(4)))
                    .as("map, which returns every result, throws the input's exception itself")
                    .isInstanceOf(IllegalStateException.class).hasMessage("input broke at 4");
            assertThat(pool.apply(() -> 1)).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void mapStartsWorkBeforeItHasReadItsInput(Engine engine) {
        Event firstRan = Event.create();
        try (Pool pool = Pool.builder().engine(engine).processes(2).build()) {
            Iterable<Integer> waitsForWork = () -> new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < 100;
                }

                @Override
                public Integer next() {
                    if (next == 50) {
                        try {
                            if (!firstRan.await(Duration.ofSeconds(30))) {
                                throw new IllegalStateException("no task ran before the input was read to item 50");
                            }
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    return next++;
                }
            };
            List<Integer> doubled = pool.map((Integer x) -> {
                firstRan.set();
                return 2 * x;
            }, waitsForWork, 5);
            assertThat(doubled).isEqualTo(IntStream.range(0, 100).map(x -> 2 * x).boxed().toList());

            List<Integer> generated = pool.map((Integer x) -> x + 1, () -> IntStream.range(0, 30_000).iterator());
            assertThat(generated).isEqualTo(IntStream.range(1, 30_001).boxed().toList());
            assertThat(pool.map((Integer x) -> x, () -> IntStream.range(0, 0).iterator())).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void aPoolClosedWhileAnImapIsOpenLetsItReadItsInputToTheEnd(Engine engine) throws Exception {
        Pool pool = Pool.builder().engine(engine).processes(2).build();
        ResultIterator<Integer> consumed = pool.imap((Integer x) -> x + 1, () -> IntStream.range(0, 300).iterator(),
                MapOptions.defaults().withReadAhead(3));
        AtomicLong abandonedRead = new AtomicLong();
        pool.imap((Integer x) -> x, () -> IntStream.range(0, 200).peek(x -> abandonedRead.incrementAndGet()).iterator(),
                MapOptions.defaults().withReadAhead(2));
        pool.shutdown(); // Python: pool.close(); for r in it: ...; pool.join()
        assertThatThrownBy(() -> pool.imap((Integer x) -> x, List.of(1))).isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
        List<Integer> results = new ArrayList<>();
        consumed.forEachRemaining(results::add);
        assertThat(results).isEqualTo(IntStream.range(1, 301).boxed().toList());
        pool.join();
        assertThat(abandonedRead.get()).as("an imap nobody consumes is still read to its end after close").isEqualTo(200);
        assertThat(pool.isTerminated()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void closingTheIteratorStopsAnInputBlockedOnAQueueSoThePoolCloses(Engine engine) throws Exception {
        java.util.concurrent.BlockingQueue<Integer> source = new java.util.concurrent.LinkedBlockingQueue<>(List.of(1, 2));
        Iterable<Integer> blocking = () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                try {
                    return source.take();
                } catch (InterruptedException e) {
                    throw new IllegalStateException("input interrupted", e);
                }
            }
        };
        Pool pool = Pool.builder().engine(engine).processes(1).build();
        ResultIterator<Integer> results = pool.imap((Integer x) -> x * 3, blocking);
        assertThat(results.next()).isEqualTo(3);
        assertThat(results.next()).isEqualTo(6);
        results.close();
        pool.close(); // waits for the imap's input to end: closing the iterator ended it
        assertThat(pool.isTerminated()).isTrue();
    }
}
