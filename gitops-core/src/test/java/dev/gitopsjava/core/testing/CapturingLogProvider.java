package dev.gitopsjava.core.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * An SLF4J binding for tests that keeps every line logged at DEBUG or above, with its MDC, so a
 * test can assert what the engine logs. Chosen with the system property
 * {@code slf4j.provider=dev.gitopsjava.core.testing.CapturingLogProvider} in a Surefire execution of
 * its own (SLF4J binds once per JVM); deliberately not registered with {@code ServiceLoader}, where
 * it would compete with slf4j-simple in the other test JVMs.
 */
public final class CapturingLogProvider implements SLF4JServiceProvider {
  private static final List<Line> LINES = new CopyOnWriteArrayList<>();

  /**
   * One logged line.
   *
   * @param level its level
   * @param logger the logger's name
   * @param thread the thread that logged it
   * @param message the formatted message, then the stack trace of an exception logged with it
   * @param mdc the MDC of the logging thread at that moment
   */
  public record Line(Level level, String logger, String thread, String message, Map<String, String> mdc) {
    @Override
    public String toString() {
      return level + " [" + thread + "] " + logger + " " + mdc + " " + message;
    }
  }

  private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
  private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, CapturingLogger::new);
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new BasicMDCAdapter();

  /** Every line captured since the last {@link #clear()}. */
  public static List<Line> lines() {
    return List.copyOf(LINES);
  }

  /** Forgets the lines captured so far. */
  public static void clear() {
    LINES.clear();
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return factory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {}

  /** Keeps DEBUG and above. */
  private static final class CapturingLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    CapturingLogger(String name) {
      this.name = name;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return CapturingLogger.class.getName();
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, @Nullable Marker marker, String messagePattern,
        Object @Nullable [] arguments, @Nullable Throwable throwable) {
      String message = MessageFormatter.basicArrayFormat(messagePattern, arguments);
      if (throwable != null) {
        StringWriter trace = new StringWriter();
        throwable.printStackTrace(new PrintWriter(trace));
        message = message + "\n" + trace;
      }
      Map<String, String> context = MDC.getCopyOfContextMap();
      LINES.add(new Line(level, name, Thread.currentThread().getName(), message,
          context == null ? Map.of() : Map.copyOf(context)));
    }

    @Override
    public boolean isTraceEnabled() {
      return false;
    }

    @Override
    public boolean isDebugEnabled() {
      return true;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }
  }
}
