package dev.strangler.gateway.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.web.server.util.matcher.OrServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.PathPatternParserServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The dashboard: one static page with its script and style, served at {@code /} on the management
 * port without a token (it holds no data; it asks for the token and calls the admin API with it).
 * Its charts are drawn by uPlot, from the {@code org.webjars.npm:uplot} WebJar on the class path,
 * served as {@code /dashboard/uplot.js} and {@code uplot.css}: no CDN, the page works offline. The
 * files are read once at start-up and served from memory, so serving them never reads a file on an
 * event loop.
 */
final class Dashboard {

  /** The requests for the dashboard's files, which need no token. */
  static final ServerWebExchangeMatcher PAGES =
      new OrServerWebExchangeMatcher(
          new PathPatternParserServerWebExchangeMatcher("/", HttpMethod.GET),
          new PathPatternParserServerWebExchangeMatcher("/dashboard/*", HttpMethod.GET));

  private static final String FOLDER = "strangler-dashboard/";

  private static final String UPLOT_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

  private static final String UPLOT_FOLDER = "META-INF/resources/webjars/uplot/";

  private static final MediaType JAVASCRIPT =
      MediaType.parseMediaType("text/javascript;charset=UTF-8");

  private static final MediaType CSS = MediaType.parseMediaType("text/css;charset=UTF-8");

  private static final MediaType HTML = MediaType.parseMediaType("text/html;charset=UTF-8");

  private final Map<String, Asset> files;

  private final Asset page;

  private Dashboard(Asset page, Map<String, Asset> files) {
    this.page = page;
    this.files = files;
  }

  /**
   * Reads the dashboard's files from the class path.
   *
   * @return the dashboard
   * @throws UncheckedIOException when a file is missing
   */
  static Dashboard load() {
    String uplot = UPLOT_FOLDER + uplotVersion() + "/dist/";
    return new Dashboard(
        read(FOLDER + "index.html", HTML),
        Map.of(
            "dashboard.js",
            read(FOLDER + "dashboard.js", JAVASCRIPT),
            "dashboard.css",
            read(FOLDER + "dashboard.css", CSS),
            "uplot.js",
            read(uplot + "uPlot.iife.min.js", JAVASCRIPT),
            "uplot.css",
            read(uplot + "uPlot.min.css", CSS)));
  }

  private static String uplotVersion() {
    Properties pom = new Properties();
    try (InputStream in = Dashboard.class.getClassLoader().getResourceAsStream(UPLOT_POM)) {
      if (in == null) {
        throw new IOException("no class path resource " + UPLOT_POM + " (the uPlot WebJar)");
      }
      pom.load(in);
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot read the dashboard: " + ex.getMessage(), ex);
    }
    return pom.getProperty("version", "");
  }

  private static Asset read(String resource, MediaType type) {
    try (InputStream in = Dashboard.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no class path resource " + resource);
      }
      return new Asset(in.readAllBytes(), type);
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot read the dashboard: " + ex.getMessage(), ex);
    }
  }

  /** Returns the routes of the page and its files. */
  RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route()
        .GET("/", request -> page.response())
        .GET("/dashboard/{file}", this::file)
        .build();
  }

  private Mono<ServerResponse> file(ServerRequest request) {
    Asset asset = files.get(request.pathVariable("file"));
    return asset == null ? ServerResponse.notFound().build() : asset.response();
  }

  /** A file of the dashboard, held in memory; its bytes are never changed. */
  private static final class Asset {

    private final byte[] bytes;

    private final MediaType type;

    Asset(byte[] bytes, MediaType type) {
      this.bytes = bytes;
      this.type = type;
    }

    Mono<ServerResponse> response() {
      return ServerResponse.ok()
          .contentType(type)
          .cacheControl(CacheControl.noCache())
          .bodyValue(bytes);
    }
  }
}
