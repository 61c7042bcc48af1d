package nl.samenspel.pipelines.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Test utility: opens a local HTML file in a real headless Chromium and reports what happened
 * (every request the page made, console errors, uncaught exceptions), and can take a screenshot of
 * the first screen or evaluate JavaScript in the page.
 *
 * <p>It talks the <a href="https://chromedevtools.github.io/devtools-protocol/">Chrome DevTools
 * Protocol</a> (CDP) over the JDK's {@link WebSocket} with Jackson for JSON: no Selenium, no
 * driver binaries, no extra dependencies.
 *
 * <pre>{@code
 * try (HeadlessChromium chromium = HeadlessChromium.launch(1280, 800);
 *     HeadlessChromium.Visit visit = chromium.open(Path.of("report.html"))) {
 *   assertThat(visit.externalRequests()).isEmpty();
 *   assertThat(visit.consoleErrors()).isEmpty();
 *   byte[] png = visit.screenshot();
 * }
 * }</pre>
 *
 * <p>How it works: Chromium is started with {@code --remote-debugging-port=0} (a free port) and a
 * fresh temporary profile; it prints {@code DevTools listening on ws://...} on stderr, and we
 * connect one WebSocket to that browser endpoint. Each {@link #open(Path)} creates a new tab with
 * {@code Target.createTarget}, attaches to it in "flat" session mode (its messages carry a
 * {@code sessionId} on the same socket), enables the Page, Network, Runtime and Log domains
 * <em>before</em> navigating (so nothing is missed), navigates to the {@code file:} URL and waits
 * for the page's load event.
 *
 * <p>The browser can not reach the network: {@code --host-resolver-rules} makes every host name
 * except 127.0.0.1 unresolvable, so an accidental external request fails fast but is still
 * recorded (it shows up in {@link Visit#requests()} / {@link Visit#externalRequests()}, and the
 * failed load as a "Failed to load resource" entry in {@link Visit#consoleErrors()}).
 *
 * <p>Meant for sequential use: one browser per test class ({@code @BeforeAll}/{@code @AfterAll}),
 * one {@link #open(Path)} after another; launching costs a couple of seconds, a visit a few
 * hundred milliseconds.
 */
final class HeadlessChromium implements AutoCloseable {

  /** Environment variable with the path of a Chrome/Chromium binary, overriding the search. */
  static final String ENV_BINARY = "SAMENSPEL_CHROMIUM";

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);
  private static final String DEVTOOLS_LINE = "DevTools listening on ";
  private static final int STDERR_TAIL_LINES = 40;
  private static final Set<String> LOCAL_SCHEMES = Set.of("file", "data", "about", "blob");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path tempDir;
  private final Cdp cdp;
  private final int width;
  private final int height;
  private final Thread shutdownHook;
  private final AtomicBoolean closed = new AtomicBoolean();

  private HeadlessChromium(Process process, Path tempDir, Cdp cdp, int width, int height,
      Thread shutdownHook) {
    this.process = process;
    this.tempDir = tempDir;
    this.cdp = cdp;
    this.width = width;
    this.height = height;
    this.shutdownHook = shutdownHook;
  }

  /**
   * Whether a Chromium binary is found: {@code $SAMENSPEL_CHROMIUM} if set, else
   * {@code /usr/bin/chromium}, else {@code chromium}, {@code chromium-browser},
   * {@code google-chrome} or {@code google-chrome-stable} on the {@code PATH}.
   */
  static boolean available() {
    return binary().isPresent();
  }

  /**
   * Starts headless Chromium with a {@code width} x {@code height} window and a fresh temporary
   * profile, and connects to it over the DevTools protocol.
   *
   * @throws IOException if no binary is found (see {@link #available()}), the browser does not
   *     report its DevTools endpoint within 30 s (the message then includes the tail of its
   *     stderr), or the WebSocket connection fails
   */
  static HeadlessChromium launch(int width, int height) throws IOException {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("window size must be positive: " + width + "x" + height);
    }
    Path binary = binary().orElseThrow(() -> new IOException("No Chromium found (looked at $"
        + ENV_BINARY + ", /usr/bin/chromium and chromium/chromium-browser/google-chrome on the"
        + " PATH); install it with `apt-get install chromium` or set " + ENV_BINARY));
    // One temp dir holds the profile and, through XDG_CONFIG_HOME/XDG_CACHE_HOME, whatever else
    // Chromium would write under $HOME (Debian's build creates ~/.config/chromium/Crash Reports
    // even with --user-data-dir), so close() leaves nothing behind.
    Path tempDir = Files.createTempDirectory("samenspel-chromium-");
    List<String> command = List.of(binary.toString(),
        "--headless=new",
        "--no-sandbox", // CI runs as root, where the sandbox refuses to start
        "--disable-gpu",
        "--disable-dev-shm-usage", // containers often have a tiny /dev/shm
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--mute-audio",
        "--hide-scrollbars",
        // No network: every host fails to resolve at once, yet the request is still reported.
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
        "--remote-debugging-port=0",
        "--user-data-dir=" + tempDir.resolve("profile"),
        "--window-size=" + width + "," + height,
        "about:blank");
    Process process;
    try {
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      builder.environment().put("XDG_CONFIG_HOME", tempDir.resolve("config").toString());
      builder.environment().put("XDG_CACHE_HOME", tempDir.resolve("cache").toString());
      process = builder.start();
    } catch (IOException e) {
      deleteRecursively(tempDir);
      throw e;
    }
    // Kills the browser should the JVM exit without close() (e.g. a surefire fork timeout).
    Thread hook = new Thread(() -> shutDown(process, tempDir, null),
        "chromium-shutdown-hook");
    Runtime.getRuntime().addShutdownHook(hook);
    StderrDrain stderr = StderrDrain.start(process);
    boolean started = false;
    try {
      String wsUrl = stderr.devtoolsUrl.get(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      Cdp cdp = Cdp.connect(URI.create(wsUrl));
      started = true;
      return new HeadlessChromium(process, tempDir, cdp, width, height, hook);
    } catch (TimeoutException e) {
      throw new IOException("Chromium did not print its DevTools endpoint within "
          + STARTUP_TIMEOUT.toSeconds() + " s; stderr tail:\n" + stderr.tail());
    } catch (ExecutionException e) { // stderr ended first: the message has the stderr tail
      throw new IOException(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting Chromium", e);
    } finally {
      if (!started) {
        removeHook(hook);
        shutDown(process, tempDir, null);
      }
    }
  }

  /**
   * Opens {@code htmlFile} in a new tab whose viewport is the launch size, and returns once the
   * page's load event has fired (all sub-resources loaded or failed; scripts that run later, e.g.
   * from timers, may still add to the visit's lists).
   *
   * @throws IOException if the file does not exist, the navigation fails, the renderer crashes or
   *     the page does not load within 30 s
   */
  Visit open(Path htmlFile) throws IOException {
    if (closed.get()) {
      throw new IllegalStateException("browser is closed");
    }
    if (!Files.isRegularFile(htmlFile)) {
      throw new IOException("no such file: " + htmlFile);
    }
    String url = htmlFile.toAbsolutePath().normalize().toUri().toString();
    String targetId = cdp.call(null, "Target.createTarget", params().put("url", "about:blank"))
        .get("targetId").asText();
    String sessionId = cdp.call(null, "Target.attachToTarget",
        params().put("targetId", targetId).put("flatten", true)).get("sessionId").asText();
    Visit visit = new Visit(cdp, targetId, sessionId, url);
    cdp.sessions.put(sessionId, visit::onEvent);
    try {
      for (String domain : List.of("Page", "Network", "Runtime", "Log")) {
        visit.call(domain + ".enable", params());
      }
      // Lifecycle events carry the loaderId, so the wait can not be fooled by a late load event
      // of the initial about:blank document.
      visit.call("Page.setLifecycleEventsEnabled", params().put("enabled", true));
      visit.call("Emulation.setDeviceMetricsOverride", params().put("width", width)
          .put("height", height).put("deviceScaleFactor", 1).put("mobile", false));
      JsonNode navigation = visit.call("Page.navigate", params().put("url", url));
      if (navigation.hasNonNull("errorText")) {
        throw new IOException("navigation to " + url + " failed: "
            + navigation.get("errorText").asText());
      }
      visit.awaitLoad(navigation.path("loaderId").asText(""));
      return visit;
    } catch (IOException | RuntimeException e) {
      visit.close();
      throw e;
    }
  }

  /**
   * Closes the browser: asks it to quit ({@code Browser.close}), then kills whatever of its process
   * tree is still alive, and deletes the temporary directory (profile, config, cache). Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    removeHook(shutdownHook);
    shutDown(process, tempDir, () -> {
      try {
        cdp.call(null, "Browser.close", params(), Duration.ofSeconds(2));
      } catch (IOException | RuntimeException e) {
        // Killed anyway.
      }
      cdp.close();
    });
  }

  /** One opened page: what it did while loading, and what can be done with it now. */
  static final class Visit implements AutoCloseable {

    private final Cdp cdp;
    private final String targetId;
    private final String sessionId;
    private final String url;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> consoleErrors = new CopyOnWriteArrayList<>();
    private final List<String> exceptions = new CopyOnWriteArrayList<>();
    /** Per loaderId: completed when that document's load event fired. */
    private final Map<String, CompletableFuture<Void>> loads = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> crashed = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private Visit(Cdp cdp, String targetId, String sessionId, String url) {
      this.cdp = cdp;
      this.targetId = targetId;
      this.sessionId = sessionId;
      this.url = url;
    }

    /** The {@code file:} URL that was opened. */
    String url() {
      return url;
    }

    /** Every URL the page requested ({@code Network.requestWillBeSent}), the page itself first. */
    List<String> requests() {
      return List.copyOf(requests);
    }

    /**
     * The requests whose scheme is not {@code file:}, {@code data:}, {@code about:} or
     * {@code blob:}, i.e. everything that would have gone over the network.
     */
    List<String> externalRequests() {
      return requests.stream().filter(u -> !LOCAL_SCHEMES.contains(scheme(u))).toList();
    }

    /**
     * {@code console.error}/{@code console.assert} messages ({@code Runtime.consoleAPICalled})
     * and browser-reported errors ({@code Log.entryAdded} with level error, e.g. "Failed to load
     * resource: net::ERR_NAME_NOT_RESOLVED"), as their text.
     */
    List<String> consoleErrors() {
      return List.copyOf(consoleErrors);
    }

    /** Uncaught exceptions ({@code Runtime.exceptionThrown}), as description with stack. */
    List<String> exceptions() {
      return List.copyOf(exceptions);
    }

    /** A PNG of the viewport (the first screen, launch width x height). */
    byte[] screenshot() {
      try {
        JsonNode result = call("Page.captureScreenshot",
            params().put("format", "png").put("captureBeyondViewport", false));
        return Base64.getDecoder().decode(result.get("data").asText());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * Evaluates {@code jsExpression} in the page (awaiting it if it is a promise) and returns the
     * result as a string: strings as is, numbers/booleans/null/arrays/objects as JSON,
     * {@code undefined} as "undefined".
     *
     * @throws IllegalStateException if the expression throws
     */
    String evaluate(String jsExpression) {
      JsonNode result;
      try {
        result = call("Runtime.evaluate", params().put("expression", jsExpression)
            .put("returnByValue", true).put("awaitPromise", true));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (result.has("exceptionDetails")) {
        throw new IllegalStateException("evaluating `" + jsExpression + "` threw: "
            + describe(result.get("exceptionDetails")));
      }
      JsonNode remote = result.path("result");
      if (remote.has("value")) {
        JsonNode value = remote.get("value");
        return value.isTextual() ? value.asText() : value.toString();
      }
      if (remote.has("unserializableValue")) { // NaN, Infinity, -0, bigint
        return remote.get("unserializableValue").asText();
      }
      return remote.path("type").asText("undefined");
    }

    /** Closes the tab (optional: closing the browser closes all tabs). */
    @Override
    public void close() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      try {
        cdp.call(null, "Target.closeTarget", params().put("targetId", targetId),
            Duration.ofSeconds(5));
      } catch (IOException | RuntimeException e) {
        // The browser may already be gone.
      } finally {
        cdp.sessions.remove(sessionId);
      }
    }

    private JsonNode call(String method, ObjectNode params) throws IOException {
      return cdp.call(sessionId, method, params);
    }

    private void awaitLoad(String loaderId) throws IOException {
      CompletableFuture<Void> load =
          loads.computeIfAbsent(loaderId, k -> new CompletableFuture<>());
      try {
        CompletableFuture.anyOf(load, crashed)
            .get(LOAD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        throw new IOException(url + " did not fire its load event within "
            + LOAD_TIMEOUT.toSeconds() + " s");
      } catch (ExecutionException e) {
        throw new IOException(url + ": " + e.getCause().getMessage(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while loading " + url, e);
      }
    }

    /** Runs on the WebSocket thread for every event of this tab's session. */
    private void onEvent(String method, JsonNode params) {
      switch (method) {
        case "Network.requestWillBeSent" -> requests.add(params.path("request").path("url")
            .asText());
        case "Runtime.consoleAPICalled" -> {
          String type = params.path("type").asText();
          if (type.equals("error") || type.equals("assert")) {
            List<String> parts = new ArrayList<>();
            params.path("args").forEach(arg -> parts.add(remoteObjectText(arg)));
            consoleErrors.add((type.equals("assert") ? "Assertion failed: " : "")
                + String.join(" ", parts));
          }
        }
        case "Log.entryAdded" -> {
          JsonNode entry = params.path("entry");
          if (entry.path("level").asText().equals("error")) {
            String where = entry.path("url").asText("");
            consoleErrors.add(entry.path("text").asText()
                + (where.isEmpty() ? "" : " (" + where + ")"));
          }
        }
        case "Runtime.exceptionThrown" -> exceptions.add(describe(params.path("exceptionDetails")));
        case "Page.lifecycleEvent" -> {
          if (params.path("name").asText().equals("load")) {
            loads.computeIfAbsent(params.path("loaderId").asText(),
                k -> new CompletableFuture<>()).complete(null);
          }
        }
        case "Inspector.targetCrashed" -> {
          exceptions.add("renderer crashed");
          crashed.completeExceptionally(new IOException("the renderer crashed"));
        }
        default -> { }
      }
    }

    private static String remoteObjectText(JsonNode arg) {
      if (arg.has("value")) {
        JsonNode value = arg.get("value");
        return value.isTextual() ? value.asText() : value.toString();
      }
      if (arg.has("unserializableValue")) {
        return arg.get("unserializableValue").asText();
      }
      return arg.path("description").asText(arg.path("type").asText());
    }

    private static String describe(JsonNode exceptionDetails) {
      String description = exceptionDetails.path("exception").path("description").asText("");
      return description.isEmpty() ? exceptionDetails.path("text").asText() : description;
    }
  }

  /**
   * Minimal CDP client over one WebSocket: numbered requests answered through a future per id,
   * events routed to a listener per session id.
   */
  private static final class Cdp implements WebSocket.Listener {

    /** Per flat-mode session id: receives (method, params) of that session's events. */
    final Map<String, EventListener> sessions = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    /** Only touched from the listener callbacks, which the JDK calls one at a time. */
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;
    private volatile IOException failure;

    interface EventListener {
      void accept(String method, JsonNode params);
    }

    static Cdp connect(URI browserUrl) throws IOException, InterruptedException {
      Cdp cdp = new Cdp();
      try {
        cdp.socket = HttpClient.newHttpClient().newWebSocketBuilder()
            .connectTimeout(STARTUP_TIMEOUT)
            .buildAsync(browserUrl, cdp)
            .get(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new IOException("could not connect to " + browserUrl, e);
      }
      return cdp;
    }

    JsonNode call(String sessionId, String method, ObjectNode params) throws IOException {
      return call(sessionId, method, params, CALL_TIMEOUT);
    }

    /**
     * Sends one command and waits for its result.
     *
     * @throws IOException on a protocol error response, a timeout or a closed connection
     */
    JsonNode call(String sessionId, String method, ObjectNode params, Duration timeout)
        throws IOException {
      long id = ids.incrementAndGet();
      ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
      message.set("params", params);
      if (sessionId != null) {
        message.put("sessionId", sessionId);
      }
      CompletableFuture<JsonNode> answer = new CompletableFuture<>();
      pending.put(id, answer);
      try {
        IOException failed = failure;
        if (failed != null) {
          throw new IOException(method + ": " + failed.getMessage(), failed);
        }
        // The JDK allows one outstanding text send at a time: serialise senders.
        synchronized (this) {
          socket.sendText(message.toString(), true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        JsonNode response = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (response.has("error")) {
          throw new IOException(method + " failed: " + response.get("error"));
        }
        return response.path("result");
      } catch (TimeoutException e) {
        throw new IOException(method + " got no answer within " + timeout.toSeconds() + " s");
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        throw cause instanceof IOException io ? io : new IOException(method + " failed", cause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted during " + method, e);
      } finally {
        pending.remove(id);
      }
    }

    void close() {
      WebSocket ws = socket;
      if (ws != null) {
        ws.abort();
      }
      fail(new IOException("DevTools connection closed"));
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      // Large messages (screenshots) arrive in several fragments: buffer until the last one.
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        dispatch(text);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      fail(new IOException("DevTools connection closed by the browser: " + statusCode + " "
          + reason));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      fail(new IOException("DevTools connection failed", error));
    }

    private void dispatch(String text) {
      try {
        JsonNode message = JSON.readTree(text);
        if (message.has("id")) {
          CompletableFuture<JsonNode> answer = pending.get(message.get("id").asLong());
          if (answer != null) {
            answer.complete(message);
          }
        } else if (message.has("sessionId")) {
          EventListener listener = sessions.get(message.get("sessionId").asText());
          if (listener != null) {
            listener.accept(message.path("method").asText(), message.path("params"));
          }
        }
      } catch (IOException | RuntimeException e) {
        // Never let one bad message kill the listener thread (and with it every later answer).
        System.err.println("HeadlessChromium: could not handle a DevTools message: " + e);
      }
    }

    private void fail(IOException e) {
      failure = e;
      pending.values().forEach(answer -> answer.completeExceptionally(e));
    }
  }

  /**
   * Reads Chromium's stderr on a daemon thread until EOF, so the browser never blocks on a full
   * pipe: completes {@link #devtoolsUrl} from the "DevTools listening on" line and keeps the last
   * lines for error messages.
   */
  private static final class StderrDrain implements Runnable {

    final CompletableFuture<String> devtoolsUrl = new CompletableFuture<>();
    private final Process process;
    private final Deque<String> tail = new ArrayDeque<>();
    private final Thread thread;

    private StderrDrain(Process process) {
      this.process = process;
      this.thread = new Thread(this, "chromium-stderr-" + process.pid());
      thread.setDaemon(true);
    }

    static StderrDrain start(Process process) {
      StderrDrain drain = new StderrDrain(process);
      drain.thread.start();
      return drain;
    }

    @Override
    public void run() {
      try (BufferedReader reader = new BufferedReader(
          new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          int at = line.indexOf(DEVTOOLS_LINE);
          if (at >= 0) {
            devtoolsUrl.complete(line.substring(at + DEVTOOLS_LINE.length()).trim());
          }
          synchronized (tail) {
            tail.addLast(line);
            if (tail.size() > STDERR_TAIL_LINES) {
              tail.removeFirst();
            }
          }
        }
      } catch (IOException e) {
        // Stream closed because the process was killed.
      } finally {
        String exit = process.isAlive() ? "still running" : "exit code " + exitValue(process);
        devtoolsUrl.completeExceptionally(new IOException("Chromium closed stderr before"
            + " printing its DevTools endpoint (" + exit + "); stderr tail:\n" + tail()));
      }
    }

    String tail() {
      synchronized (tail) {
        return String.join("\n", tail);
      }
    }

    private static String exitValue(Process process) {
      try {
        return String.valueOf(process.waitFor(1, TimeUnit.SECONDS) ? process.exitValue() : "?");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "?";
      }
    }
  }

  /**
   * Stops the browser and deletes the temp directory: runs {@code askToQuit} (if any) and gives
   * the browser {@link #SHUTDOWN_GRACE} to exit, then force-kills it, every descendant (zygotes,
   * renderers, GPU/utility processes) and every other process whose command line mentions our
   * private temp directory (Chromium's crashpad handlers double-fork, so they are no descendants,
   * but they get {@code --database=<tempDir>/config/...}).
   */
  private static void shutDown(Process process, Path tempDir, Runnable askToQuit) {
    // Snapshot first: once the browser is gone its children are re-parented and can no longer be
    // found through it.
    Set<ProcessHandle> others = new HashSet<>(process.descendants().toList());
    others.addAll(processesMentioning(tempDir));
    try {
      if (askToQuit != null) {
        askToQuit.run();
        process.waitFor(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
      if (process.isAlive()) {
        process.descendants().forEach(others::add);
      }
      process.destroyForcibly();
      others.forEach(ProcessHandle::destroyForcibly);
      process.waitFor(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS); // our child: reaped
      // SIGKILL stops the others at once, but we do not wait for them to be reaped: they are not
      // our children, so the JDK polls (~300 ms) and they stay zombies until init gets to them
      // (about 1 s here; never, in a container whose PID 1 does not reap). Only if something
      // still wrote into the directory while it was being deleted, wait for them and try again.
      if (!deleteRecursively(tempDir)) {
        CompletableFuture.allOf(others.stream().map(ProcessHandle::onExit)
            .toArray(CompletableFuture[]::new))
            .get(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        deleteRecursively(tempDir);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      deleteRecursively(tempDir);
    } catch (ExecutionException | TimeoutException e) {
      deleteRecursively(tempDir);
    }
  }

  private static List<ProcessHandle> processesMentioning(Path tempDir) {
    String marker = tempDir.toString();
    long self = ProcessHandle.current().pid();
    try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
      return all.filter(handle -> handle.pid() != self)
          .filter(handle -> handle.info().commandLine().map(c -> c.contains(marker)).orElse(false))
          .toList();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down; the hook runs anyway.
    }
  }

  /** Deletes {@code dir} and everything in it as far as possible; true if it is gone. */
  private static boolean deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return true;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          // Best effort: a leftover temp directory is not worth failing a test for.
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // Idem.
    }
    return !Files.exists(dir);
  }

  private static Optional<Path> binary() {
    String override = System.getenv(ENV_BINARY);
    if (override != null && !override.isBlank()) {
      Path path = Path.of(override.trim());
      return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }
    Path debian = Path.of("/usr/bin/chromium");
    if (Files.isExecutable(debian)) {
      return Optional.of(debian);
    }
    String pathVariable = System.getenv().getOrDefault("PATH", "");
    for (String name : List.of("chromium", "chromium-browser", "google-chrome",
        "google-chrome-stable")) {
      for (String dir : pathVariable.split(java.io.File.pathSeparator)) {
        if (!dir.isEmpty()) {
          Path candidate = Path.of(dir, name);
          if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
            return Optional.of(candidate);
          }
        }
      }
    }
    return Optional.empty();
  }

  private static String scheme(String url) {
    int colon = url.indexOf(':');
    return colon < 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
  }

  private static ObjectNode params() {
    return JSON.createObjectNode();
  }
}
