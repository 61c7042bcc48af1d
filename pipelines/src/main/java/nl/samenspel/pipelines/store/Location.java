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

  /** {@code scheme://...}: a URI; anything else is a path. */
  private static final Pattern URI_FORM = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
  /** {@code scheme:...@...} without {@code //}: a mistyped URI that may hold a secret. */
  private static final Pattern OPAQUE_WITH_AT = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:[^/].*@.*");
  /** Schemes whose authority names a container before '@' (not a user). */
  private static final java.util.Set<String> CONTAINER_AT = java.util.Set.of("abfs", "abfss",
      "wasb", "wasbs");

  public Location {
    if (uri.getRawUserInfo() != null && !CONTAINER_AT.contains(uri.getScheme())) {
      throw new IllegalArgumentException("user information in a location");
    }
  }

  /**
   * Parses what a user gave: a path (relative to {@code base}) or a URI. {@code name} is the
   * flag or key, for the one-line error. An error never repeats a value that could hold a
   * secret.
   */
  public static Location parse(String text, Path base, String name) {
    String value = text.trim();
    if (value.startsWith("file:")) {
      try {
        return local(Path.of(new URI(value)));
      } catch (URISyntaxException | IllegalArgumentException e) {
        throw SamenspelException.usage(name + ": not a local file URI (expected file:///PATH)");
      }
    }
    if (!URI_FORM.matcher(value).matches()) {
      if (OPAQUE_WITH_AT.matcher(value).matches()) {
        throw SamenspelException.usage(name + ": looks like a URI with credentials and "
            + "without '//'; give a path, or SCHEME://HOST/PATH with credentials in the "
            + "cluster's Hadoop configuration (docs/cluster.md)");
      }
      return local(base.resolve(value));
    }
    String scheme = value.substring(0, value.indexOf(':')).toLowerCase(Locale.ROOT);
    String rest = value.substring(value.indexOf("://") + 3);
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    int at = authority.indexOf('@');
    boolean container = CONTAINER_AT.contains(scheme) && at > 0
        && !authority.substring(0, at).contains(":");
    // An '@' anywhere is refused (a secret may hold '/', moving its '@' past the host), except
    // the one of an ABFS/WASB container before its account.
    if (value.indexOf('@') >= 0 && !(container && value.indexOf('@') == value.lastIndexOf('@'))) {
      // The message does not repeat the value: it may hold a secret.
      throw SamenspelException.usage(name + ": a location may not hold credentials (user "
          + "information before '@'); give them in the cluster's Hadoop configuration "
          + "(docs/cluster.md)");
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw SamenspelException.usage(name + ": not a valid URI (" + e.getReason() + ")");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      // Nor this one: a query may be a signed token.
      throw SamenspelException.usage(name + ": a location may not have a query or fragment "
          + "('?' or '#'); give tokens in the cluster's Hadoop configuration "
          + "(docs/cluster.md)");
    }
    if (uri.getAuthority() == null || uri.getPath() == null || uri.getPath().isEmpty()
        || uri.getPath().equals("/")) {
      throw SamenspelException.usage(name + ": expected SCHEME://HOST/PATH, e.g. "
          + "hdfs://namenode:8020/samenspel/out (a location names its host and a folder)");
    }
    return new Location(trimmed(uri.normalize()));
  }

  /** A folder on this machine. */
  public static Location local(Path path) {
    return new Location(trimmed(path.toAbsolutePath().normalize().toUri()));
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
   * The location as Spark reads and writes it: always a full URI ({@code file:///...} on this
   * machine), so that Spark never resolves a local path against a cluster's default
   * filesystem ({@code fs.defaultFS}, HDFS on most YARN clusters).
   */
  public String forSpark() {
    return uri.toString();
  }

  /**
   * The location as messages show it: the plain absolute path for a local folder (as before
   * URIs), the URI otherwise.
   */
  @Override
  public String toString() {
    return isLocal() ? path().toString() : uri.toString();
  }
}
