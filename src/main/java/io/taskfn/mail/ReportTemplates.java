package io.taskfn.mail;

import io.quarkus.qute.Engine;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateException;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.Variant;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The subject and body templates of a mail task, in Qute. The engine is Qute's own with its default
 * sections and value resolvers only (maps, lists, numbers: no reflection into Java objects), strict
 * (a name the data lacks fails the run, naming it), and it escapes values in the HTML body. What a
 * template writes is bounded: past the limit the run fails.
 */
@Singleton
public class ReportTemplates {

  private static final Variant HTML = new Variant(Locale.ROOT, "text/html", "UTF-8");
  private static final Variant TEXT = new Variant(Locale.ROOT, "text/plain", "UTF-8");

  private final Engine engine =
      Engine.builder()
          .addDefaults()
          .strictRendering(true)
          .addResultMapper(new HtmlEscaper(List.of(HTML.getContentType())))
          .build();
  private final int maxLength;

  @Inject
  public ReportTemplates(MailConfig config) {
    this(config.maxRenderedLength());
  }

  ReportTemplates(int maxLength) {
    this.maxLength = maxLength;
  }

  /** A template that can not be rendered, with Qute's reason. */
  static final class Broken extends Exception {
    Broken(String message) {
      super(message, null, false, false);
    }
  }

  /** Checks a template when a task is saved: its syntax, named by the parameter. */
  void check(String parameter, String template, boolean html) {
    try {
      parse(template, html);
    } catch (TemplateException e) {
      throw QuickBiErrors.invalid(parameter, "is not a valid template: " + reason(e));
    }
  }

  private Template parse(String template, boolean html) {
    return engine.parse(template, html ? HTML : TEXT);
  }

  String render(String parameter, String template, boolean html, Map<String, Object> data)
      throws Broken {
    StringBuilder out = new StringBuilder();
    Consumer<String> bounded =
        part -> {
          if (out.length() + part.length() > maxLength) {
            throw new IllegalStateException(
                "the " + parameter + " template wrote more than " + maxLength + " characters");
          }
          out.append(part);
        };
    try {
      TemplateInstance instance = parse(template, html).instance();
      data.forEach(instance::data);
      instance.consume(bounded).toCompletableFuture().join();
      return out.toString();
    } catch (TemplateException e) {
      throw new Broken("the " + parameter + " template failed: " + reason(e));
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new Broken(
          cause instanceof TemplateException t
              ? "the " + parameter + " template failed: " + reason(t)
              : cause.getMessage());
    } catch (IllegalStateException e) {
      throw new Broken(e.getMessage());
    }
  }

  private static String reason(TemplateException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    return io.taskfn.api.Echo.cut(message.replaceAll("\\s+", " ").trim(), 300);
  }
}
