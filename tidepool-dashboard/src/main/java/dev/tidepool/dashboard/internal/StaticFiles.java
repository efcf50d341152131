package dev.tidepool.dashboard.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The page's files, read once from the jar: the page, its script and style (no inline script,
 * so the Content-Security-Policy can forbid them) and uPlot from its WebJar.
 */
public final class StaticFiles {

    /** One file: its bytes and content type. */
    public record File(byte[] bytes, String contentType) {
    }

    private static final String WEB = "/dev/tidepool/dashboard/web/";
    private final Map<String, File> files;

    public StaticFiles() {
        String uplot = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
        files = Map.of(
                "/", load(WEB + "index.html", "text/html; charset=utf-8"),
                "/static/app.js", load(WEB + "app.js", "text/javascript; charset=utf-8"),
                "/static/app.css", load(WEB + "app.css", "text/css; charset=utf-8"),
                "/static/favicon.svg", load(WEB + "favicon.svg", "image/svg+xml"),
                "/static/uplot.js", load(uplot + "uPlot.iife.min.js", "text/javascript; charset=utf-8"),
                "/static/uplot.css", load(uplot + "uPlot.min.css", "text/css; charset=utf-8"));
    }

    /** The file served at {@code path}, or null. */
    public File get(String path) {
        return files.get("/index.html".equals(path) ? "/" : path);
    }

    private static String uplotVersion() {
        Properties p = new Properties();
        try (InputStream in = StaticFiles.class.getResourceAsStream("/dev/tidepool/dashboard/webjars.properties")) {
            if (in == null) {
                throw new IllegalStateException("webjars.properties is missing from the tidepool-dashboard jar");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("uplot.version");
    }

    /**
     * Our own files are looked up through this class (in a named module they sit in its
     * encapsulated packages), the WebJar's through the class loader (they are in another jar,
     * under META-INF, which no module encapsulates).
     */
    private static File load(String resource, String contentType) {
        try (InputStream in = resource.startsWith(WEB) ? StaticFiles.class.getResourceAsStream(resource)
                : StaticFiles.class.getClassLoader().getResourceAsStream(resource.substring(1))) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the class path: the uPlot WebJar"
                        + " (org.webjars.npm:uplot) and tidepool-dashboard's resources must be on it");
            }
            return new File(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
