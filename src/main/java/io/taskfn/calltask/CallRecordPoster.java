package io.taskfn.calltask;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskfn.http.OutboundHttp;
import io.taskfn.http.OutboundRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Sends each call record to its task's {@code CallRecordPostUrl} as JSON, once, right after the
 * call: a receiver that is down misses the record (QueryCallRecordMsg still has it).
 */
@ApplicationScoped
public class CallRecordPoster {

  private static final Logger LOG = Logger.getLogger(CallRecordPoster.class);
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OutboundHttp http;

  public CallRecordPoster(OutboundHttp http) {
    this.http = http;
  }

  void post(CallTask task, CallRecord record) throws InterruptedException {
    if (task.callRecordPostUrl() == null) {
      return;
    }
    try {
      var answer =
          http.send(
              OutboundRequest.to(URI.create(task.callRecordPostUrl()), "POST")
                  .header("Content-Type", "application/json")
                  .body(JSON.writeValueAsString(record))
                  .timeout(TIMEOUT));
      if (!answer.isSuccess()) {
        LOG.warnf(
            "CallRecordPostUrl of task %s answered HTTP %d for call %s",
            task.taskOpenId(), answer.statusCode(), record.callId());
      }
    } catch (IOException | IllegalArgumentException e) {
      LOG.warnf(
          "CallRecordPostUrl of task %s did not take call %s: %s",
          task.taskOpenId(), record.callId(), e);
    }
  }
}
