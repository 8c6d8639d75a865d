package io.taskfn.email;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import io.taskfn.email.EmailParts.Attachment;
import io.taskfn.email.EmailParts.Header;
import io.taskfn.email.EmailParts.Party;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.SMTPException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hands a message to the SMTP relay that {@code quarkus.mailer.*} configures (host, port,
 * TLS/STARTTLS, credentials, connection pool), and reads its reply: accepted, refused for good
 * (5xx) or for now (4xx, an enhanced status 4.x.x, a relay that can not be reached or does not
 * answer in time).
 */
@ApplicationScoped
public class SmtpRelay {

  /** What the relay made of one attempt. */
  sealed interface Reply {
    String text();
  }

  record Accepted(String text) implements Reply {}

  record Refused(String text) implements Reply {}

  record Deferred(String text) implements Reply {}

  /** The enhanced status code (RFC 3463) after the reply code: its class decides before it. */
  private static final Pattern ENHANCED =
      Pattern.compile("^\\d{3}[ -]([245])\\.\\d{1,3}\\.\\d{1,3}");

  private final ReactiveMailer mailer;
  private final Vertx vertx;
  private final Duration timeout;

  public SmtpRelay(ReactiveMailer mailer, Vertx vertx, EmailConfig config) {
    this.mailer = mailer;
    this.vertx = vertx;
    this.timeout = config.smtpTimeout();
  }

  Reply send(EmailParts parts, String internetMessageId) {
    Mail mail = mail(parts, internetMessageId);
    // Called from a dispatcher thread, the mail client would give the connection and its setup
    // two different event-loop contexts, and a relay's greeting that comes at once can be lost
    // between them (the attempt then hangs until its timeout); on one context it can not.
    Context context = vertx.getOrCreateContext();
    Uni<Void> sent =
        Uni.createFrom()
            .emitter(
                done ->
                    context.runOnContext(
                        v ->
                            mailer
                                .send(mail)
                                .subscribe()
                                .with(ok -> done.complete(null), done::fail)));
    try {
      sent.await().atMost(timeout);
      return new Accepted("250 accepted by the relay");
    } catch (RuntimeException e) {
      return classify(e);
    }
  }

  static Reply classify(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof SMTPException smtp) {
        String text = String.join(" / ", smtp.getReplyMessages());
        Matcher enhanced = ENHANCED.matcher(text);
        boolean transientClass = enhanced.find() && enhanced.group(1).equals("4");
        return smtp.isTransient() || transientClass ? new Deferred(text) : new Refused(text);
      }
    }
    return new Deferred("the relay could not be reached: " + thrown);
  }

  private static Mail mail(EmailParts parts, String internetMessageId) {
    Mail mail = new Mail();
    mail.setFrom(parts.sender());
    mail.setTo(formatted(parts.to()));
    mail.setCc(formatted(parts.cc()));
    mail.setBcc(formatted(parts.bcc()));
    if (!parts.replyTo().isEmpty()) {
      mail.setReplyTo(formatted(parts.replyTo()).toArray(String[]::new));
    }
    mail.setSubject(parts.subject());
    mail.setText(parts.plainText());
    mail.setHtml(parts.html());
    mail.addHeader("Message-ID", internetMessageId);
    switch (parts.importance() == null ? "normal" : parts.importance()) {
      case "high" -> {
        mail.addHeader("Importance", "High");
        mail.addHeader("X-Priority", "1");
      }
      case "low" -> {
        mail.addHeader("Importance", "Low");
        mail.addHeader("X-Priority", "5");
      }
      default -> {}
    }
    for (Header h : parts.headers()) {
      mail.addHeader(h.name(), h.value());
    }
    for (Attachment a : parts.attachments()) {
      byte[] content = Base64.getDecoder().decode(a.contentInBase64());
      if (a.contentId() == null) {
        mail.addAttachment(a.name(), content, a.contentType());
      } else {
        mail.addInlineAttachment(a.name(), content, a.contentType(), "<" + a.contentId() + ">");
      }
    }
    return mail;
  }

  /**
   * "Name <address>", which the Vert.x mail client turns into the address with the name as a
   * comment; it can not carry angle brackets, parentheses or quotes in the name, so those go.
   */
  private static List<String> formatted(List<Party> parties) {
    return parties.stream()
        .map(
            p ->
                p.displayName() == null
                    ? p.address()
                    : p.displayName().replaceAll("[<>()\"]", "").trim() + " <" + p.address() + ">")
        .toList();
  }
}
