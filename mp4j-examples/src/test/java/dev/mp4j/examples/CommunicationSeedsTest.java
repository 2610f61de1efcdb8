package dev.mp4j.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CommunicationSeedsTest {
    private static final Duration LIMIT = Duration.ofSeconds(150);

    @Test
    void communication2SharesAnArrayAndAValueWithTheChild() throws Exception {
        assertThat(SeedProgramRunner.run(Communication2.class, LIMIT)).containsExactly(
                "Result(in process p1): [1, 4, 9, 16]",
                "Sum of squares(in process p1): 30",
                "Result(in main program): [1, 4, 9, 16]",
                "Sum of squares(in main program): 30");
    }

    @Test
    void communication4PassesSquaresThroughAQueue() throws Exception {
        assertThat(SeedProgramRunner.run(Communication4.class, LIMIT)).containsExactly(
                "Queue elements:", "1", "4", "9", "16", "Queue is now empty!");
    }

    @Test
    void communication5SendsMessagesOverAPipeUntilEnd() throws Exception {
        List<String> lines = SeedProgramRunner.run(Communication5.class, LIMIT);
        assertThat(lines).containsExactlyInAnyOrder(
                "Sent the message: hello,", "Sent the message: how", "Sent the message: are you?",
                "Sent the message: END",
                "Received the message: hello,", "Received the message: how", "Received the message: are you?");
        assertThat(lines.stream().filter(l -> l.startsWith("Received")).toList()).containsExactly(
                "Received the message: hello,", "Received the message: how", "Received the message: are you?");
    }

    @Test
    void thePipeConsumerReadsEverythingThenStopsOnEof() throws Exception {
        List<String> lines = SeedProgramRunner.run(PipeProducerConsumer.class, LIMIT);
        assertThat(lines.stream().filter(l -> l.startsWith("Consuming")).toList())
                .isEqualTo(IntStream.range(0, 1000).mapToObj(i -> "Consuming  " + i).toList());
        assertThat(lines.stream().filter(l -> l.startsWith("Sending")).toList())
                .isEqualTo(IntStream.range(0, 1000).mapToObj(i -> "Sending  " + i).toList());
    }

    @Test
    void queueWorkersProcessEveryItemAndStopAtTheSentinel() throws Exception {
        List<String> lines = SeedProgramRunner.run(QueueWorkers.class, LIMIT);
        assertThat(lines.subList(0, 10)).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, 10).mapToObj(i -> "Processing " + i).toList());
        assertThat(lines.subList(10, lines.size())).containsExactlyInAnyOrderElementsOf(
                IntStream.range(10, 20).mapToObj(String::valueOf).toList());
    }

    @Test
    void theBoundedProducerConsumerStopsBothThreads() throws Exception {
        List<String> lines = SeedProgramRunner.run(BoundedProducerConsumer.class, LIMIT, 0.1);
        assertThat(lines).contains("Bye bye from producer!", "Bye bye from consumer!");
        assertThat(lines).filteredOn(l -> l.equals("consumer got: A message")).hasSizeBetween(1, 8);
        assertThat(lines).allMatch(l -> l.equals("consumer got: A message") || l.equals("producer: Queue is full")
                || l.startsWith("Bye bye from"));
    }
}
