package dev.mp4j.internal.process;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How a class's URL names the class path entry a child needs: a plain jar, Spring Boot's nested
 * jars before 3.2 ({@code jar:file:app.jar!/BOOT-INF/lib/x.jar!/...}), a class folder; a URL of
 * neither kind is refused by name.
 */
class ChildClassPathUrlTest {
    @Test
    void aPlainJarUrlNamesTheJar() {
        assertThat(ChildClassPath.jarOf("jar:file:/opt/app/lib/x.jar!/dev/mp4j/A.class"))
                .containsExactly("file:/opt/app/lib/x.jar");
        assertThat(ChildClassPath.jarOf("jar:file:/opt/x.jar!/")).containsExactly("file:/opt/x.jar");
        assertThat(ChildClassPath.jarOf("jar:file:/opt/x.jar!/a!b")).as("a '!' not followed by '/' is part of the name")
                .containsExactly("file:/opt/x.jar");
        assertThat(ChildClassPath.jarOf("jar:file:/opt/x.jar!/!/a")).as("an empty inner name is no nested jar")
                .containsExactly("file:/opt/x.jar");
    }

    @Test
    void aLegacyNestedUrlNamesTheOuterJarAndTheInnerEntry() {
        assertThat(ChildClassPath.jarOf("jar:file:/srv/app.jar!/BOOT-INF/lib/x.jar!/pkg/C.class"))
                .containsExactly("file:/srv/app.jar", "BOOT-INF/lib/x.jar");
        assertThat(ChildClassPath.jarOf("jar:file:/srv/app.jar!/BOOT-INF/classes!/"))
                .containsExactly("file:/srv/app.jar", "BOOT-INF/classes");
    }

    @Test
    void otherUrlsAreNotJarsOfTheFileSystem() {
        assertThat(ChildClassPath.jarOf("jar:http://host/x.jar!/a")).isNull();
        assertThat(ChildClassPath.jarOf("jar:file:!/a")).as("no path").isNull();
        assertThat(ChildClassPath.jarOf("jar:file:/x.jar")).as("no entry separator").isNull();
        assertThat(ChildClassPath.jarOf("file:/x/classes/")).isNull();
        assertThatThrownBy(() -> ChildClassPath.rootOf("jar:http://host/x.jar!/a/B.class", "a/B.class"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unrecognised jar URL jar:http://host/x.jar!/a/B.class");
    }

    @Test
    void theRootOfAClassInAJarOrAFolderIsThatJarOrFolder() throws Exception {
        Path jar = Files.createTempFile("mp4j-root-", ".jar");
        try {
            assertThat(ChildClassPath.rootOf("jar:" + jar.toUri() + "!/pkg/C.class", "pkg/C.class")).isEqualTo(jar.toString());
        } finally {
            Files.deleteIfExists(jar);
        }
        Path folder = Files.createTempDirectory("mp4j-root-");
        try {
            assertThat(ChildClassPath.rootOf(folder.toUri() + "pkg/C.class", "pkg/C.class")).isEqualTo(folder.toString());
        } finally {
            Files.deleteIfExists(folder);
        }
    }
}
