package dev.mp4j.internal.process;

import dev.mp4j.internal.codec.ClassLoaders;
import dev.mp4j.internal.runtime.RunDirectory;
import org.slf4j.Logger;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The class path of child JVMs, found the way the application's classes were really loaded, so
 * that children work under every common launcher: {@code java -cp}, {@code java -jar} of a fat
 * jar, {@code mvn exec:java} (whose classes live in a loader of the plugin's, while
 * {@code java.class.path} names Maven's launcher), a Spring Boot executable jar (nested jars under
 * {@code BOOT-INF/}), JUnit under Surefire, jshell and the single-file source launcher (whose
 * classes exist only in memory).
 *
 * <p>Sources, in order: the {@code mp4j.childClassPath} system property, when set, replaces the
 * discovered path. Otherwise the class path is made of {@code java.class.path} and the URLs of
 * every {@link URLClassLoader} on the parent chains of the anchor loaders (mp4j's own, the calling
 * thread's context loader, the loaders of tasks sent so far), parents first, as delegation
 * searches them. A URL that is a jar nested in a jar ({@code jar:nested:} of Spring Boot 3.2+,
 * {@code jar:file:...!/BOOT-INF/lib/x.jar!/} of earlier versions) is extracted once into
 * {@code ~/.cache/mp4j/nested/} (keyed by the outer jar's path, size and modification time) and
 * that copy is used. Classes that exist only in memory (jshell snippets, a source-launched
 * program) are written, with the classes they refer to that the same loader holds in memory, into
 * the run directory's {@code classes} folder, which then is on every child's class path.
 *
 * <p>{@link #cover} checks, before a task is sent, that every class it is made of can be loaded
 * from a given class path, and says what must be added, or why the task cannot run in a child.
 *
 * <p>Thread-safe: the extraction cache and the in-memory folder are written with atomic moves and
 * guarded by a lock per folder.
 */
public final class ChildClassPath {
    private static final Logger log = dev.mp4j.internal.runtime.LazyLogger.of(ChildClassPath.class);
    /**
     * Boot 3.2+: {@code jar:nested:/path/app.jar/!BOOT-INF/lib/x.jar!/pkg/C.class}. The patterns sit
     * in holders: compiling them costs a program's first pool milliseconds, and plain jars, the
     * common case, are parsed without them ({@link #jarOf}).
     */
    private static final class NestedPattern {
        static final Pattern NESTED = Pattern.compile("^jar:nested:(.+?)/!([^!]+?)(?:!/(.*))?$");
    }
    private static final Set<String> MATERIALIZED = ConcurrentHashMap.newKeySet();
    private static final Object MATERIALIZE_LOCK = new Object();

    private ChildClassPath() {
    }

    /** The user's override, {@code -Dmp4j.childClassPath}, or null. */
    static String override() {
        String value = System.getProperty("mp4j.childClassPath");
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * The class path for children of this JVM: the override, or the discovered one with mp4j's own
     * entry first (see {@link ProcessEngine.JvmCommand#mp4jFirst}).
     */
    static String discover() {
        String override = override();
        if (override != null) {
            return override;
        }
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(entry);
            }
        }
        List<ClassLoader> anchors = new ArrayList<>();
        anchors.add(ChildClassPath.class.getClassLoader());
        anchors.add(Thread.currentThread().getContextClassLoader());
        anchors.addAll(ClassLoaders.remembered());
        for (ClassLoader anchor : anchors) {
            addChain(anchor, entries);
        }
        if (usesMemoryLoader(anchors)) {
            try {
                // it must exist before a child starts: the JVM treats a missing folder as a jar and skips it
                Files.createDirectories(memoryFolder());
                entries.add(memoryFolder().toString());
            } catch (IOException e) {
                log.warn("cannot create {} for classes defined in memory: {}", memoryFolder(), e.toString());
            }
        }
        return ProcessEngine.JvmCommand.mp4jFirst(String.join(File.pathSeparator, entries));
    }

    private static void addChain(ClassLoader anchor, Set<String> entries) {
        Deque<ClassLoader> chain = new ArrayDeque<>();
        for (ClassLoader loader = anchor; loader != null; loader = loader.getParent()) {
            chain.addFirst(loader);
        }
        for (ClassLoader loader : chain) {
            if (loader instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    try {
                        String root = rootOf(url.toString(), "");
                        if (root != null) {
                            entries.add(root);
                        }
                    } catch (RuntimeException e) {
                        log.debug("class path entry {} of {} left out: {}", url, loader, e.toString());
                    }
                }
            }
        }
    }

    private static boolean usesMemoryLoader(List<ClassLoader> anchors) {
        for (ClassLoader anchor : anchors) {
            for (ClassLoader loader = anchor; loader != null; loader = loader.getParent()) {
                if (isMemoryLoader(loader)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The loaders of jshell's snippets and of the source launcher, whose classes have no file. */
    private static boolean isMemoryLoader(ClassLoader loader) {
        String name = loader.getClass().getName();
        return name.startsWith("jdk.jshell.") || name.startsWith("com.sun.tools.javac.launcher.");
    }

    /** What a task needs on top of a class path, or why it cannot run in a child JVM. */
    public record Coverage(List<String> missingEntries, String refusal) {
        public boolean isComplete() {
            return missingEntries.isEmpty() && refusal == null;
        }
    }

    /**
     * Checks that {@code classNames}, as {@code loader} resolves them, can be loaded from
     * {@code classPath}. Classes of the JDK are always there; classes defined in memory are written
     * to the run directory's {@code classes} folder (which must then be on the path to count).
     */
    public static Coverage cover(String classPath, Collection<String> classNames, ClassLoader loader) {
        Set<String> have = normalized(classPath);
        have.addAll(normalized(System.getProperty("jdk.module.path", "")));
        Set<String> missing = new LinkedHashSet<>();
        List<String> names = new ArrayList<>(classNames.size() + 1);
        names.add(WorkerMain.class.getName()); // a child runs it first
        names.addAll(classNames);
        for (String name : names) {
            if (name.startsWith("[") || name.startsWith("java.") || name.startsWith("javax.")) {
                continue;
            }
            Class<?> type;
            try {
                type = Class.forName(name, false, loader != null ? loader : ChildClassPath.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                continue; // a name the codec wrote for a class this loader does not see: the JDK's own
            }
            ClassLoader owner = type.getClassLoader();
            if (owner == null || owner == ClassLoader.getPlatformClassLoader() || type.isHidden()) {
                continue;
            }
            String root = codeSourceRoot(type);
            if (root == null) {
                String resource = resourceName(type.getName());
                URL url = owner.getResource(resource);
                if (url == null) {
                    return new Coverage(List.of(), "class " + type.getName() + " was defined by " + owner.getClass().getName()
                            + ", which gives no access to its bytes, so a child JVM cannot load it; put the class in a jar"
                            + " or folder on the class path (or pass one with Pool.Builder.childClassPath /"
                            + " -Dmp4j.childClassPath), or run the task on Engine.THREADS");
                }
                if (url.getProtocol().equals("jrt")) {
                    continue;
                }
                if (isInMemory(url)) {
                    materialize(type, owner);
                    root = memoryFolder().toString();
                } else if (owner.getParent() != null && loadsAnother(owner.getParent(), type)) {
                    return new Coverage(List.of(), "class " + type.getName() + " was defined by " + owner.getClass().getName()
                            + ", which gives no access to its bytes, and a different class of the same name is on the class"
                            + " path (a child JVM would load that one); give the class a code source (a jar or folder) or"
                            + " run the task on Engine.THREADS");
                } else {
                    root = rootOf(url.toString(), resource);
                }
            }
            if (!have.contains(root)) {
                missing.add(root);
            }
        }
        return new Coverage(List.copyOf(missing), null);
    }

    /**
     * The class path entry {@code type} was loaded from, by its code source: a folder, a jar, or a
     * jar nested in a jar (extracted); null when its code source says nothing usable (none, or a
     * source file as the source launcher gives).
     */
    private static String codeSourceRoot(Class<?> type) {
        java.security.CodeSource source = type.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null) {
            return null;
        }
        String text = location.toString();
        try {
            if (text.startsWith("jar:")) {
                return rootOf(text.endsWith("!/") ? text : text + "!/", "");
            }
            if (location.getProtocol().equals("file")) {
                Path path = pathOf(text);
                if (Files.isDirectory(path) || isZip(path)) {
                    return path.toAbsolutePath().normalize().toString();
                }
            }
        } catch (RuntimeException e) {
            log.debug("code source {} of {} not usable: {}", text, type.getName(), e.toString());
        }
        return null;
    }

    private static boolean isZip(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean loadsAnother(ClassLoader parent, Class<?> type) {
        try {
            return Class.forName(type.getName(), false, parent) != type;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The entries of a path, absolute and normalized, {@code dir/*} expanded to the jars in it. */
    private static Set<String> normalized(String path) {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.endsWith(File.separator + "*")) {
                try (var jars = Files.list(Path.of(entry.substring(0, entry.length() - 2)))) {
                    jars.filter(jar -> jar.toString().endsWith(".jar") || jar.toString().endsWith(".JAR"))
                            .forEach(jar -> entries.add(jar.toAbsolutePath().normalize().toString()));
                } catch (IOException | RuntimeException e) {
                    // nothing there
                }
            } else {
                try {
                    entries.add(Path.of(entry).toAbsolutePath().normalize().toString());
                } catch (RuntimeException e) {
                    entries.add(entry);
                }
            }
        }
        return entries;
    }

    /**
     * Parses a {@code jar:} URL: {@code {outer}} for a plain jar ({@code jar:file:/path/x.jar!/pkg/C.class}),
     * {@code {outer, inner}} for Spring Boot's nested form before 3.2
     * ({@code jar:file:/path/app.jar!/BOOT-INF/lib/x.jar!/pkg/C.class}), null for neither. The outer
     * part is a {@code file:} URL without {@code !}; the inner one has no {@code !} either.
     */
    static String[] jarOf(String url) {
        String prefix = "jar:file:";
        if (!url.startsWith(prefix)) {
            return null;
        }
        int outerEnd = url.indexOf('!', prefix.length());
        if (outerEnd <= prefix.length() || !url.startsWith("!/", outerEnd)) {
            return null;
        }
        String outer = url.substring("jar:".length(), outerEnd);
        int innerEnd = url.indexOf('!', outerEnd + 2);
        if (innerEnd > outerEnd + 2 && url.startsWith("!/", innerEnd)) {
            return new String[] {outer, url.substring(outerEnd + 2, innerEnd)};
        }
        return new String[] {outer};
    }

    static String resourceName(String className) {
        return className.replace('.', '/') + ".class";
    }

    /**
     * The class path entry a resource URL lives under ({@code resource} is its name within the
     * entry, or "" for a URL that names an entry itself), extracting nested jars; null for a URL of
     * a class held in memory.
     */
    static String rootOf(String url, String resource) {
        if (url.startsWith("jar:nested:")) {
            Matcher nested = NestedPattern.NESTED.matcher(url);
            if (!nested.matches()) {
                throw new IllegalArgumentException("unrecognised nested-jar URL " + url);
            }
            return NestedJars.extract(Path.of(decode(nested.group(1))), stripSlash(nested.group(2))).toString();
        }
        if (url.startsWith("jar:")) {
            String withoutResource = !resource.isEmpty() && url.endsWith(resource)
                    ? url.substring(0, url.length() - resource.length()) : url;
            String[] jar = jarOf(withoutResource);
            if (jar == null) {
                throw new IllegalArgumentException("unrecognised jar URL " + url);
            }
            return jar.length == 2
                    ? NestedJars.extract(pathOf(jar[0]), stripSlash(jar[1])).toString()
                    : pathOf(jar[0]).toString();
        }
        if (url.startsWith("file:")) {
            Path path = pathOf(url);
            if (!resource.isEmpty()) {
                Path relative = Path.of(resource);
                Path root = path;
                for (int i = 0; i < relative.getNameCount(); i++) {
                    root = root.getParent();
                }
                return root.toString();
            }
            return path.toString();
        }
        if (url.startsWith("jrt:")) {
            return null;
        }
        return null; // jshell:, sourcelauncher-memoryclassloader...: in memory
    }

    private static String stripSlash(String entry) {
        return entry.endsWith("/") ? entry.substring(0, entry.length() - 1) : entry;
    }

    private static String decode(String path) {
        return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static Path pathOf(String fileUrl) {
        try {
            return Path.of(new URI(fileUrl));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Path.of(decode(fileUrl.substring("file:".length())));
        }
    }

    private static boolean isInMemory(URL url) {
        String protocol = url.getProtocol();
        return !protocol.equals("file") && !protocol.equals("jar") && !protocol.equals("jrt");
    }

    /** The run directory's folder of classes that exist only in memory. */
    static Path memoryFolder() {
        return RunDirectory.path().resolve("classes");
    }

    /**
     * Writes {@code type} and every class it refers to that {@code owner} holds in memory (nest
     * members, the classes of its methods' signatures and bodies, transitively) into the
     * {@link #memoryFolder}. Each class is written once per run, atomically.
     */
    static void materialize(Class<?> type, ClassLoader owner) {
        synchronized (MATERIALIZE_LOCK) {
            Deque<String> pending = new ArrayDeque<>();
            pending.add(type.getName());
            for (Class<?> member : type.getNestHost().getNestMembers()) {
                pending.add(member.getName());
            }
            while (!pending.isEmpty()) {
                String name = pending.poll();
                if (MATERIALIZED.contains(name)) {
                    continue;
                }
                String resource = resourceName(name);
                URL url = owner.getResource(resource);
                if (url == null || !isInMemory(url)) {
                    continue; // not a class, or one on the class path or in the JDK
                }
                byte[] bytes;
                try (InputStream in = owner.getResourceAsStream(resource)) {
                    if (in == null) {
                        continue;
                    }
                    bytes = in.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the bytes of in-memory class " + name + ": " + e.getMessage(), e);
                }
                write(resource, bytes);
                MATERIALIZED.add(name);
                pending.addAll(referencedClasses(bytes));
            }
        }
    }

    private static void write(String resource, byte[] bytes) {
        Path target = memoryFolder().resolve(resource);
        try {
            Files.createDirectories(target.getParent());
            Path temporary = Files.createTempFile(target.getParent(), ".class-", ".tmp");
            Files.write(temporary, bytes);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write in-memory class " + resource + " for child JVMs: " + e.getMessage(), e);
        }
    }

    /** Every class named in a class file's constant pool, as class entries or inside descriptors. */
    private static Set<String> referencedClasses(byte[] bytes) {
        Set<String> names = new LinkedHashSet<>();
        ClassModel model = ClassFile.of().parse(bytes);
        for (PoolEntry entry : model.constantPool()) {
            if (entry instanceof ClassEntry classEntry) {
                String internal = classEntry.asInternalName();
                if (!internal.startsWith("[")) {
                    names.add(internal.replace('/', '.'));
                }
            } else if (entry instanceof Utf8Entry utf8) {
                Matcher descriptor = DescriptorPattern.DESCRIPTOR_CLASS.matcher(utf8.stringValue());
                while (descriptor.find()) {
                    names.add(descriptor.group(1).replace('/', '.'));
                }
            }
        }
        return names;
    }

    private static final class DescriptorPattern {
        static final Pattern DESCRIPTOR_CLASS = Pattern.compile("L([\\w$/]+);");
    }

    /**
     * Jars nested in a jar (Spring Boot's {@code BOOT-INF/lib/*.jar}) and nested class folders
     * ({@code BOOT-INF/classes}), extracted once per outer jar version into
     * {@code ~/.cache/mp4j/nested/<hash>/}, which a child can put on its class path.
     */
    static final class NestedJars {
        private static final Object LOCK = new Object();

        private NestedJars() {
        }

        static Path extract(Path outer, String entry) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(outer, BasicFileAttributes.class);
                String key = outer.toAbsolutePath().normalize() + File.pathSeparator + attributes.size() + '@'
                        + attributes.lastModifiedTime().toMillis();
                Path base = Path.of(System.getProperty("user.home"), ".cache", "mp4j", "nested", hash(key));
                Path target = base.resolve(entry);
                if (Files.exists(target)) {
                    return target;
                }
                synchronized (LOCK) {
                    if (Files.exists(target)) {
                        return target;
                    }
                    Files.createDirectories(base);
                    Path staging = Files.createTempDirectory(base, ".extract-");
                    try (JarFile jar = new JarFile(outer.toFile())) {
                        JarEntry single = jar.getJarEntry(entry);
                        if (single != null && !single.isDirectory()) {
                            Path file = staging.resolve("entry");
                            try (InputStream in = jar.getInputStream(single)) {
                                Files.copy(in, file);
                            }
                            Files.createDirectories(target.getParent());
                            moveIntoPlace(file, target);
                        } else {
                            String prefix = entry + "/";
                            Path folder = staging.resolve("folder");
                            Files.createDirectories(folder);
                            var entries = jar.entries();
                            while (entries.hasMoreElements()) {
                                JarEntry each = entries.nextElement();
                                if (!each.getName().startsWith(prefix) || each.isDirectory()) {
                                    continue;
                                }
                                Path file = folder.resolve(each.getName().substring(prefix.length())).normalize();
                                if (!file.startsWith(folder)) {
                                    throw new IOException("entry " + each.getName() + " escapes its folder");
                                }
                                Files.createDirectories(file.getParent());
                                try (InputStream in = jar.getInputStream(each)) {
                                    Files.copy(in, file);
                                }
                            }
                            Files.createDirectories(target.getParent());
                            moveIntoPlace(folder, target);
                        }
                    } finally {
                        RunDirectory.deleteTree(staging);
                    }
                }
                return target;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot extract " + entry + " from " + outer + " for child JVMs: "
                        + e.getMessage() + " (or set their class path with -Dmp4j.childClassPath)", e);
            }
        }

        private static void moveIntoPlace(Path source, Path target) throws IOException {
            try {
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException another) {
                // another JVM extracted it first
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(source, target);
            }
        }

        private static String hash(String text) {
            return dev.mp4j.internal.runtime.Fingerprint.of(text).substring(0, 20);
        }
    }
}
