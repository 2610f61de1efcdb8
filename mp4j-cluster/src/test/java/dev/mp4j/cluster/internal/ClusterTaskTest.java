package dev.mp4j.cluster.internal;

import dev.mp4j.SerializationException;
import dev.mp4j.internal.pool.TaskKind;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The binary envelopes of task messages and outcomes: exact round trips, and every truncation refused. */
class ClusterTaskTest {
    @Test
    void aTaskAndAnOutcomeSurviveTheirEncoding() {
        ClusterTask task = new ClusterTask(42, "mp4j:results:x", "pool", null, List.of("a.B", "c.D"), TaskKind.STARMAP,
                new byte[] {1, 2, 3}, new byte[] {4, 5});
        ClusterTask back = ClusterTask.decode(task.encode());
        assertThat(back.key()).isEqualTo(42);
        assertThat(back.replyTo()).isEqualTo("mp4j:results:x");
        assertThat(back.poolId()).isEqualTo("pool");
        assertThat(back.initializer()).isNull();
        assertThat(back.trustedClasses()).containsExactly("a.B", "c.D");
        assertThat(back.kind()).isEqualTo(TaskKind.STARMAP);
        assertThat(back.function()).containsExactly(1, 2, 3);
        assertThat(back.items()).containsExactly(4, 5);

        TaskOutcome outcome = TaskOutcome.decode(new TaskOutcome(7, false, new byte[] {9}, "host/1").encode());
        assertThat(outcome.key()).isEqualTo(7);
        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.payload()).containsExactly(9);
        assertThat(outcome.worker()).isEqualTo("host/1");
    }

    @Test
    void truncatedOrForeignBytesAreRefusedWithoutReadingPastTheirEnd() {
        byte[] task = new ClusterTask(1, "r", "p", new byte[] {0}, List.of("x.Y"), TaskKind.MAP, new byte[] {1}, null).encode();
        for (int length = 0; length < task.length; length++) {
            byte[] truncated = Arrays.copyOf(task, length);
            assertThatThrownBy(() -> ClusterTask.decode(truncated)).isInstanceOf(SerializationException.class);
        }
        byte[] outcome = new TaskOutcome(1, true, new byte[] {1, 2}, "w").encode();
        for (int length = 0; length < outcome.length; length++) {
            byte[] truncated = Arrays.copyOf(outcome, length);
            assertThatThrownBy(() -> TaskOutcome.decode(truncated)).isInstanceOf(SerializationException.class);
        }
        assertThatThrownBy(() -> ClusterTask.decode("not a task".getBytes())).isInstanceOf(SerializationException.class)
                .hasMessageContaining("not an mp4j task message");
        byte[] longer = Arrays.copyOf(task, task.length + 1);
        assertThatThrownBy(() -> ClusterTask.decode(longer)).isInstanceOf(SerializationException.class).hasMessageContaining("trailing");
    }
}
