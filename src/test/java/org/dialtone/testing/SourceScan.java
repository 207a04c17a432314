package org.dialtone.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What Java source files name from other packages, read from the text (no compiler): import lines (static and
 * wildcard too) and fully qualified names written in code. Comments and string, char and text-block literals are
 * blanked first, so a logger name or a {@code {@link}} in a comment is not a dependency. Used by
 * {@code ArchitectureTest}.
 */
public final class SourceScan {
    private SourceScan() { }

    /** A source file: its path under the source root ("org/dialtone/x/Y.java") and its text. */
    public record SourceFile(String path, String text) {
        public long lineCount() { return text.lines().count(); }
    }

    /**
     * One use of another package: {@code pkg} is its package, {@code type} the top-level type used (null for a
     * wildcard import of a package), {@code source} the line as written.
     */
    public record Reference(String file, int line, String pkg, String type, String source) {
        public String where() { return file + ":" + line + ": `" + source + "`"; }
    }

    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(static\\s+)?([\\w.]+(?:\\.\\*)?)\\s*;");
    /**
     * A qualified name in code: any org.dialtone name, or a name under a usual top-level root that ends in a type
     * (requiring the type keeps a local variable called {@code io} or {@code net} from looking like a package).
     */
    private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.$])("
            + "org\\.dialtone(?:\\.[a-z_][a-z0-9_]*)+(?:\\.[A-Z]\\w*)?"
            + "|(?:java|javax|jakarta|jdk|sun|com|org|io|net|gov|tools|edu)(?:\\.[a-z_][a-z0-9_]*)+\\.[A-Z]\\w*)");

    /** Every .java file under {@code root}, sorted by path. */
    public static List<SourceFile> read(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(p -> p.toString().endsWith(".java")).sorted().map(p -> {
                try {
                    return new SourceFile(root.relativize(p).toString().replace('\\', '/'), Files.readString(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's package, or "" when it declares none. */
    public static String packageOf(SourceFile f) {
        Matcher m = PACKAGE.matcher(codeOnly(f.text()));
        return m.find() ? m.group(1) : "";
    }

    /** Every use of a type or package named in full: imports, static imports, and qualified names in code. */
    public static List<Reference> references(SourceFile f) {
        String[] code = codeOnly(f.text()).split("\n", -1);
        String[] original = f.text().split("\n", -1);
        List<Reference> refs = new ArrayList<>();
        for (int i = 0; i < code.length; i++) {
            String line = code[i];
            Matcher imp = IMPORT.matcher(line);
            if (imp.find()) {
                refs.add(reference(f.path(), i + 1, imp.group(2), original[i].strip()));
                continue;
            }
            if (PACKAGE.matcher(line).find()) continue;
            Matcher q = QUALIFIED.matcher(line);
            while (q.find()) refs.add(reference(f.path(), i + 1, q.group(1), original[i].strip()));
        }
        return refs;
    }

    /** Splits a qualified name at its first capitalised segment: the package before it, the type it names. */
    private static Reference reference(String file, int line, String name, String source) {
        List<String> pkg = new ArrayList<>();
        String type = null;
        for (String segment : name.split("\\.")) {
            if (segment.equals("*")) break;
            if (Character.isUpperCase(segment.charAt(0))) {
                type = String.join(".", pkg) + "." + segment;
                break;
            }
            pkg.add(segment);
        }
        return new Reference(file, line, String.join(".", pkg), type, source);
    }

    /** The source with comments and literals blanked; line breaks are kept, so line numbers still match. */
    public static String codeOnly(String src) {
        StringBuilder out = new StringBuilder(src.length());
        int n = src.length();
        int i = 0;
        while (i < n) {
            int end;
            if (src.startsWith("//", i)) {
                end = src.indexOf('\n', i);
                end = end < 0 ? n : end;
            } else if (src.startsWith("/*", i)) {
                end = src.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
            } else if (src.startsWith("\"\"\"", i)) {
                end = literalEnd(src, i + 3, "\"\"\"");
            } else if (src.charAt(i) == '"' || src.charAt(i) == '\'') {
                end = literalEnd(src, i + 1, String.valueOf(src.charAt(i)));
            } else {
                out.append(src.charAt(i++));
                continue;
            }
            for (int j = i; j < end; j++) out.append(src.charAt(j) == '\n' ? '\n' : ' ');
            i = end;
        }
        return out.toString();
    }

    private static int literalEnd(String src, int from, String close) {
        int j = from;
        while (j < src.length()) {
            if (src.charAt(j) == '\\') j += 2;
            else if (src.startsWith(close, j)) return j + close.length();
            else if (close.length() == 1 && src.charAt(j) == '\n') return j;
            else j++;
        }
        return src.length();
    }

    /** The strongly connected components of more than one node (Tarjan): each is a set of nodes that form a cycle. */
    public static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        var tarjan = new Object() {
            final Map<String, Integer> index = new HashMap<>();
            final Map<String, Integer> low = new HashMap<>();
            final List<String> stack = new ArrayList<>();
            final Set<String> onStack = new HashSet<>();
            final List<Set<String>> found = new ArrayList<>();

            void visit(String v) {
                index.put(v, index.size());
                low.put(v, index.get(v));
                stack.add(v);
                onStack.add(v);
                for (String w : graph.getOrDefault(v, Set.of())) {
                    if (!index.containsKey(w)) {
                        visit(w);
                        low.put(v, Math.min(low.get(v), low.get(w)));
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                }
                if (low.get(v).equals(index.get(v))) {
                    Set<String> component = new TreeSet<>();
                    String w;
                    do {
                        w = stack.removeLast();
                        onStack.remove(w);
                        component.add(w);
                    } while (!w.equals(v));
                    if (component.size() > 1) found.add(component);
                }
            }
        };
        for (String v : new TreeSet<>(graph.keySet())) if (!tarjan.index.containsKey(v)) tarjan.visit(v);
        return List.copyOf(tarjan.found);
    }
}
