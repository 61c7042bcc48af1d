package nl.samenspel.pipelines.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import nl.samenspel.pipelines.SamenspelException;

/**
 * Where input or output lives: a folder on this machine (a plain path or a {@code file://} URI)
 * or on any Hadoop filesystem ({@code hdfs://}, {@code s3a://}, {@code abfs://},
 * {@code gs://}, ...), read and written through Hadoop's {@code FileSystem} API with the
 * cluster's own configuration. Credentials never belong in a location: a URI with user
 * information ({@code s3a://KEY:SECRET@bucket/}) is refused without repeating it.
 *
 * @param uri the location as an absolute URI without a trailing slash ({@code file:} for local
 *     folders)
 */
public record Location(URI uri) {

  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");

  public Location {
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("user information in a location");
    }
  }

  /**
   * Parses what a user gave: a path (relative to {@code base}) or a URI. {@code name} is the
   * flag or key, for the one-line error.
   */
  public static Location parse(String text, Path base, String name) {
    String value = text.trim();
    if (SCHEME.matcher(value).matches() && !looksLikeWindowsDrive(value)) {
      URI uri;
      try {
        uri = new URI(value);
      } catch (URISyntaxException e) {
        throw SamenspelException.usage(name + ": not a valid URI (" + e.getReason() + ")");
      }
      if (uri.getRawUserInfo() != null) {
        // The message does not repeat the value: it holds a secret.
        throw SamenspelException.usage(name + ": a location may not hold credentials (user "
            + "information before '@'); give them in the cluster's Hadoop configuration "
            + "(docs/cluster.md)");
      }
      if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
        // Nor this one: a query may be a signed token.
        throw SamenspelException.usage(name + ": a location may not have a query or fragment "
            + "('?' or '#'); give tokens in the cluster's Hadoop configuration "
            + "(docs/cluster.md)");
      }
      if (uri.getScheme().equalsIgnoreCase("file")) {
        return local(Path.of(uri));
      }
      if (uri.getAuthority() == null || uri.getPath() == null || uri.getPath().isEmpty()) {
        throw SamenspelException.usage(name + ": expected SCHEME://HOST/PATH, e.g. "
            + "hdfs://namenode:8020/samenspel/out, not '" + value + "'");
      }
      return new Location(trimmed(uri.normalize()));
    }
    return local(base.resolve(value));
  }

  /** A folder on this machine. */
  public static Location local(Path path) {
    return new Location(trimmed(path.toAbsolutePath().normalize().toUri()));
  }

  private static boolean looksLikeWindowsDrive(String value) {
    return value.length() > 2 && value.charAt(1) == ':' && Character.isLetter(value.charAt(0))
        && (value.charAt(2) == '\\' || value.charAt(2) == '/');
  }

  private static URI trimmed(URI uri) {
    String text = uri.toString();
    return text.endsWith("/") && uri.getPath().length() > 1
        ? URI.create(text.substring(0, text.length() - 1)) : uri;
  }

  /** Whether this is a folder on this machine (read with java.nio, as before URIs). */
  public boolean isLocal() {
    return "file".equalsIgnoreCase(uri.getScheme());
  }

  /** The local path; only for {@link #isLocal()} locations. */
  public Path path() {
    if (!isLocal()) {
      throw new IllegalStateException(this + " is not on this machine");
    }
    return Path.of(uri);
  }

  /** The scheme in lower case: file, hdfs, s3a, ... */
  public String scheme() {
    return uri.getScheme().toLowerCase(Locale.ROOT);
  }

  /** A file or folder in this one. */
  public Location resolve(String name) {
    if (isLocal()) {
      return local(path().resolve(name));
    }
    String base = uri.toString();
    return new Location(URI.create(base + (base.endsWith("/") ? "" : "/") + name));
  }

  /** The last name: {@code clients.csv}. */
  public String name() {
    String path = uri.getPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /**
   * The location as Spark and Hadoop take it and as messages show it: the plain absolute path
   * for a local folder (as before URIs), the URI otherwise.
   */
  @Override
  public String toString() {
    return isLocal() ? path().toString() : uri.toString();
  }
}
