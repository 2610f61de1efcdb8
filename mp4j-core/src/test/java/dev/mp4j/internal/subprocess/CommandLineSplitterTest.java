package dev.mp4j.internal.subprocess;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandLineSplitterTest {
    @Test
    void splitsAtWhitespaceAndHonoursQuotes() {
        assertThat(CommandLineSplitter.split("  grep  -e \"a b\" 'c \"d\"' e\\ f \"x\\\"y\" ''"))
                .containsExactly("grep", "-e", "a b", "c \"d\"", "e f", "x\"y", "");
    }

    @Test
    void joinsAdjacentQuotedParts() {
        assertThat(CommandLineSplitter.split("--name='a b'\"c\"")).containsExactly("--name=a bc");
    }

    @Test
    void rejectsUnterminatedQuotesAndEmptyLines() {
        assertThatThrownBy(() -> CommandLineSplitter.split("grep 'abc"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unterminated single quote");
        assertThatThrownBy(() -> CommandLineSplitter.split("grep \"abc"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unterminated double quote");
        assertThatThrownBy(() -> CommandLineSplitter.split("   "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty command line");
        assertThatThrownBy(() -> CommandLineSplitter.split("ls \\"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trailing backslash");
    }
}
