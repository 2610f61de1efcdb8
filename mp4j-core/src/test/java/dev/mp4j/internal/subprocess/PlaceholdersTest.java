package dev.mp4j.internal.subprocess;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PlaceholdersTest {
    @Test
    void replacesGnuParallelPlaceholders() {
        List<String> expanded = Placeholders.expandAll(
                List.of("{}", "{.}", "{/}", "{//}", "{/.}", "{#}", "x{}y", "{unknown}"), "data/in.d/file.tar.gz", 7);

        assertThat(expanded).containsExactly("data/in.d/file.tar.gz", "data/in.d/file.tar", "file.tar.gz",
                "data/in.d", "file.tar", "7", "xdata/in.d/file.tar.gzy", "{unknown}");
    }

    @Test
    void handlesInputsWithoutDirectoryOrExtension() {
        assertThat(Placeholders.expandAll(List.of("{.}", "{/}", "{//}"), "README", 1))
                .containsExactly("README", "README", ".");
        assertThat(Placeholders.expandAll(List.of("{.}", "{//}"), "dir.v2/README", 1))
                .containsExactly("dir.v2/README", "dir.v2");
        assertThat(Placeholders.expandAll(List.of("{/}", "{//}"), "/top", 1)).containsExactly("top", "/");
        assertThat(Placeholders.expandAll(List.of("{.}"), ".bashrc", 1)).containsExactly(".bashrc");
    }

    @Test
    void shellQuotingSurvivesSingleQuotes() {
        assertThat(Placeholders.expand("echo {}", "it's", 1, Placeholders::shellQuote)).isEqualTo("echo 'it'\\''s'");
    }

    @Test
    void detectsWhetherATemplateHasPlaceholders() {
        assertThat(Placeholders.containsAny("--out={.}.gz")).isTrue();
        assertThat(Placeholders.containsAny("{x}")).isFalse();
    }
}
