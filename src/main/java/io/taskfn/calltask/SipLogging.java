package io.taskfn.calltask;

import gov.nist.core.ServerLogger;
import gov.nist.core.StackLogger;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.Properties;
import javax.sip.SipStack;
import org.jboss.logging.Logger;

/**
 * The SIP stack's logging, sent to taskfn's log: the stack's own default logs through log4j 1.x,
 * which taskfn does not ship (its versions have known vulnerabilities). Messages on the wire are
 * logged at debug level under {@code io.taskfn.calltask.SipLogging}.
 */
public final class SipLogging implements StackLogger {

  private static final Logger LOG = Logger.getLogger(SipLogging.class);

  @Override
  public void logStackTrace() {}

  @Override
  public void logStackTrace(int level) {}

  @Override
  public int getLineCount() {
    return 0;
  }

  @Override
  public void logException(Throwable t) {
    LOG.warn("SIP stack", t);
  }

  @Override
  public void logDebug(String message) {
    LOG.trace(message);
  }

  @Override
  public void logDebug(String message, Exception e) {
    LOG.trace(message, e);
  }

  @Override
  public void logTrace(String message) {
    LOG.trace(message);
  }

  @Override
  public void logFatalError(String message) {
    LOG.error(message);
  }

  @Override
  public void logError(String message) {
    LOG.error(message);
  }

  @Override
  public boolean isLoggingEnabled() {
    return LOG.isTraceEnabled();
  }

  @Override
  public boolean isLoggingEnabled(int level) {
    return switch (level) {
      case TRACE_FATAL, TRACE_ERROR -> LOG.isEnabled(Logger.Level.ERROR);
      case TRACE_WARN -> LOG.isEnabled(Logger.Level.WARN);
      // The level of info lines and of the messages on the wire (TRACE_MESSAGES), both logged
      // at debug.
      case TRACE_INFO -> LOG.isDebugEnabled();
      default -> LOG.isTraceEnabled();
    };
  }

  @Override
  public void logError(String message, Exception e) {
    LOG.error(message, e);
  }

  @Override
  public void logWarning(String message) {
    LOG.warn(message);
  }

  @Override
  public void logInfo(String message) {
    LOG.debug(message);
  }

  @Override
  public void disableLogging() {}

  @Override
  public void enableLogging() {}

  @Override
  public void setBuildTimeStamp(String timeStamp) {}

  @Override
  public void setStackProperties(Properties properties) {}

  @Override
  public String getLoggerName() {
    return SipLogging.class.getName();
  }

  /** SIP messages as they go out and come in. */
  public static final class Messages implements ServerLogger {

    @Override
    public void closeLogFile() {}

    @Override
    public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
      log(message, from, to, sender);
    }

    @Override
    public void logMessage(
        SIPMessage message, String from, String to, String status, boolean sender, long time) {
      log(message, from, to, sender);
    }

    @Override
    public void logMessage(
        SIPMessage message, String from, String to, String status, boolean sender) {
      log(message, from, to, sender);
    }

    private static void log(SIPMessage message, String from, String to, boolean sender) {
      if (LOG.isDebugEnabled()) {
        LOG.debugf("%s %s -> %s%n%s", sender ? "sent" : "received", from, to, message);
      }
    }

    @Override
    public void logException(Exception e) {
      LOG.warn("SIP stack", e);
    }

    @Override
    public void setStackProperties(Properties properties) {}

    @Override
    public void setSipStack(SipStack stack) {}
  }
}
