package io.solstice.app.http;

import static io.solstice.app.http.Schemas.array;
import static io.solstice.app.http.Schemas.object;
import static io.solstice.app.http.Schemas.ref;
import static io.solstice.app.http.Schemas.required;
import static io.solstice.app.http.Schemas.string;

import io.solstice.app.ops.ServiceDirectory;
import io.solstice.commerce.shared.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The operations console: its page and files at {@code /console} (public: the page asks for the
 * admin key and calls the admin API with it), the overview ({@code /admin/overview}) and the
 * service directory ({@code /admin/services}). The files are plain HTML, CSS and JavaScript in the
 * jar under {@code console/}; they are sent with a strict Content-Security-Policy (same-origin
 * scripts, styles and calls only; no framing).
 */
final class ConsoleRoutes {
  private static final Pattern ASSET = Pattern.compile("[a-z0-9-]{1,40}\\.(js|css|svg)");
  private static final Map<String, String> TYPES = Map.of("js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml", "html", "text/html; charset=utf-8");
  /** Sent with every console file. */
  static final Map<String, String> HEADERS = Map.of(
      "Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
          + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      "X-Content-Type-Options", "nosniff",
      "Referrer-Policy", "no-referrer",
      "Cache-Control", "no-cache");

  private final ConsoleApi console;
  private final ConcurrentHashMap<String, String> files = new ConcurrentHashMap<>();

  ConsoleRoutes(ConsoleApi console) {
    this.console = console;
  }

  record Instances(List<ServiceDirectory.ServiceInstance> instances) {}

  List<Route> routes() {
    return List.of(
        Route.get("/console").id("console").tag("operations").access(Access.PUBLIC)
            .summary("The operations console (HTML); it asks for the admin key and uses the /admin API")
            .responds(200, string()).respondsText("text/html").handle(call -> file("index.html")),
        Route.get("/console/{file}").id("consoleFile").tag("operations").access(Access.PUBLIC)
            .summary("A file of the console (JavaScript, CSS, SVG)")
            .responds(200, string()).respondsText("text/plain").errors(404).handle(call -> {
              String name = call.pathParam("file");
              if (!ASSET.matcher(name).matches()) {
                throw new NotFoundException("console file", name);
              }
              return file(name);
            }),
        Route.get("/admin/overview").id("overview").tag("operations-admin").access(Access.ADMIN)
            .summary("Every tenant with its orders, revenue and orders/s; orders/s and checkout → mail latency over time")
            .responds(200, ref("Overview")).handle(call -> Reply.ok(console.overview().report())),
        Route.get("/admin/services").id("listServiceInstances").tag("operations-admin").access(Access.ADMIN)
            .summary("Every running instance of every service: state, role, partitions, throughput, lag, in-flight work, failures")
            .responds(200, object(required("instances", array(ref("ServiceInstance")))))
            .handle(call -> Reply.ok(new Instances(console.services().instances()))));
  }

  private Reply file(String name) {
    String text = files.get(name);
    if (text == null) {
      text = load(name);
      if (text == null) {
        throw new NotFoundException("console file", name);
      }
      files.put(name, text); // only files that exist are kept
    }
    return Reply.text(text, TYPES.get(name.substring(name.lastIndexOf('.') + 1)), HEADERS);
  }

  private static String load(String name) {
    try (InputStream in = ConsoleRoutes.class.getResourceAsStream("/console/" + name)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the console file " + name + " from the class path", e);
    }
  }
}
