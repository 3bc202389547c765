package io.solstice.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.solstice.app.cli.SolsticeCli;
import io.solstice.commerce.CommerceServices;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The docs name only what exists: every HTTP route named in {@code README.md}, {@code DEPLOY.md}
 * and {@code docs/*.md} is in the server's route table (the one {@code /openapi.json} is made
 * from), and the service names and examples of the command help are real.
 *
 * <p>A route is named as {@code METHOD /path} (prose, code, or a table row whose first cells are
 * the method and the path), as a path in backticks ({@code `/carts/{id}`}), or as a URL in a
 * command ({@code $S/carts/$CART/items}, {@code http://localhost:8080/…}). Placeholders ({@code
 * {id}}, {@code $CART}) match a route's parameters only; literal values (an SKU, an id) match
 * parameters too. {@code docs/adapters.md} is skipped: it documents the wire protocols of external
 * parties (fraud scorer, payment gateway), not Solstice's routes. File-system paths are not routes.
 */
class DocumentedRoutesTest {
  @RegisterExtension static final TestServer server = TestServer.apiOnly();

  private static final Set<String> NOT_SOLSTICE_ROUTES = Set.of("adapters.md");
  private static final List<String> FILE_SYSTEM = List.of("/usr/", "/var/", "/tmp/", "/proc/", "/opt/", "/etc/", "/home/", "/Library/",
      "/backups/", "/dev/", "/sys/", "/bin/", "/lib/");
  private static final String METHODS = "GET|POST|PUT|DELETE|PATCH";
  private static final Pattern METHOD_AND_PATH = Pattern.compile("\\b(" + METHODS + ")\\s+`?(/[^\\s`'\"|),]*)");
  private static final Pattern TABLE_ROW = Pattern.compile("^\\|\\s*(" + METHODS + ")\\s*\\|\\s*`(/[^`\\s]*)`", Pattern.MULTILINE);
  private static final Pattern BACKTICKED = Pattern.compile("`(/[^`\\s]*)`");
  private static final Pattern URL = Pattern.compile("(?:\\$S|\\$\\{S}|https?://(?:localhost|127\\.0\\.0\\.1)(?::\\d+)?)(/[^\\s'\"`)]*)");

  /** A route named in a doc: its method (null when the doc names none), path, and where. */
  private record Named(String method, String path, String where) {}

  @Test
  void everyRouteNamedInTheDocsExists() throws IOException {
    List<Named> named = namedRoutes();
    List<Route> routes = server.platform().http().routes();

    List<String> missing = named.stream().filter(n -> routes.stream().noneMatch(r -> matches(n, r)))
        .map(n -> n.where() + ": " + (n.method() == null ? "" : n.method() + " ") + n.path()).distinct().toList();

    assertThat(named).as("the docs name routes (is the extraction broken?)").hasSizeGreaterThan(30);
    assertThat(missing).as("routes named in the docs that the server does not have").isEmpty();
  }

  @Test
  void theExtractionFindsARouteThatDoesNotExist() {
    List<Named> named = new ArrayList<>();
    extract("made-up.md", "Read it with `GET /stock`, or `curl $S/carts/$CART/items`.", named);

    List<Route> routes = server.platform().http().routes();

    assertThat(named).extracting(Named::path).containsExactlyInAnyOrder("/stock", "/carts/$CART/items");
    assertThat(named.stream().filter(n -> routes.stream().noneMatch(r -> matches(n, r)))).extracting(Named::path).containsOnly("/stock");
  }

  @Test
  void serveHelpAndTheDocsListEveryServiceName() throws IOException {
    StringWriter out = new StringWriter();
    assertThat(SolsticeCli.run(new String[] {"serve", "--help"}, Map.of(), new PrintWriter(out), new PrintWriter(new StringWriter()))).isZero();
    String help = out.toString().replaceAll("\\s+", " ");
    String httpApi = Files.readString(root().resolve("docs/http-api.md"), StandardCharsets.UTF_8);
    String readme = Files.readString(root().resolve("README.md"), StandardCharsets.UTF_8);

    for (String service : CommerceServices.NAMES) {
      assertThat(help).as("serve --help names the service %s", service).containsPattern("\\b" + service + "\\b");
      assertThat(httpApi).as("docs/http-api.md names the service %s", service).contains(service);
      assertThat(readme).as("README.md names the service %s", service).contains("`" + service + "`");
    }
  }

  @Test
  void dlqHelpExamplesNameRealServices() {
    StringWriter out = new StringWriter();
    assertThat(SolsticeCli.run(new String[] {"dlq", "--help"}, Map.of(), new PrintWriter(out), new PrintWriter(new StringWriter()))).isZero();

    Matcher m = Pattern.compile("--service (\\S+)").matcher(out.toString());
    List<String> examples = new ArrayList<>();
    while (m.find()) {
      examples.add(m.group(1));
    }

    assertThat(examples).isNotEmpty().allSatisfy(s -> assertThat(CommerceServices.NAMES).contains(s));
  }

  private static boolean matches(Named named, Route route) {
    if (named.method() != null && !named.method().equals(route.method())) {
      return false;
    }
    String path = named.path();
    if (path.endsWith("/*")) {
      return route.path().startsWith(path.substring(0, path.length() - 1));
    }
    String[] doc = path.split("/", -1);
    String[] actual = route.path().split("/", -1);
    if (doc.length != actual.length) {
      return false;
    }
    for (int i = 0; i < doc.length; i++) {
      boolean parameter = actual[i].startsWith("{");
      boolean placeholder = doc[i].startsWith("{") || doc[i].startsWith("$") || doc[i].startsWith("<") || doc[i].contains("…");
      boolean segmentMatches = parameter || (!placeholder && doc[i].equals(actual[i]));
      if (!segmentMatches) {
        return false;
      }
    }
    return true;
  }

  private static List<Named> namedRoutes() throws IOException {
    Path root = root();
    List<Path> files = new ArrayList<>(List.of(root.resolve("README.md"), root.resolve("DEPLOY.md")));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).filter(p -> !NOT_SOLSTICE_ROUTES.contains(p.getFileName().toString())).sorted()
          .forEach(files::add);
    }
    List<Named> named = new ArrayList<>();
    for (Path file : files) {
      if (Files.isRegularFile(file)) {
        extract(root.relativize(file).toString(), Files.readString(file, StandardCharsets.UTF_8), named);
      }
    }
    return named;
  }

  private static void extract(String file, String text, List<Named> into) {
    for (Pattern p : List.of(METHOD_AND_PATH, TABLE_ROW)) {
      Matcher m = p.matcher(text);
      while (m.find()) {
        add(into, m.group(1), m.group(2), file, text, m.start());
      }
    }
    for (Pattern p : List.of(BACKTICKED, URL)) {
      Matcher m = p.matcher(text);
      while (m.find()) {
        add(into, null, m.group(1), file, text, m.start());
      }
    }
  }

  private static void add(List<Named> into, String method, String rawPath, String file, String text, int at) {
    String path = rawPath.replaceAll("[?#].*$", "").replaceAll("[.:;,]+$", "");
    if (path.equals("/") || FILE_SYSTEM.stream().anyMatch(path::startsWith)) {
      return;
    }
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    int line = (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    into.add(new Named(method, path, file + ":" + line));
  }

  /** The repository root: the nearest directory up from here holding README.md and docs/. */
  private static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !(Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("docs")))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new UncheckedIOException(new IOException("no README.md with docs/ above " + Path.of("").toAbsolutePath()));
    }
    return dir;
  }
}
