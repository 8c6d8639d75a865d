package io.taskfn.mail;

import io.quarkus.qute.Engine;
import io.quarkus.qute.Expression;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.SectionBlock;
import io.quarkus.qute.SectionNode;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateException;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.TemplateNode;
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

  /** Loops inside loops: rows, then the columns of a row. */
  static final int MAX_LOOP_DEPTH = 2;

  /** The largest count a loop over a number ({@code {#for i in 10}}) may take. */
  static final int MAX_LOOP_COUNT = 10_000;

  /**
   * Parses a template and checks what its loops may cost, since output that is never written is not
   * bounded by the length limit: a loop over a number counts to at most {@link #MAX_LOOP_COUNT},
   * and loops nest at most {@link #MAX_LOOP_DEPTH} deep, so a run's rendering is bounded by its
   * rows squared.
   */
  private Template parse(String template, boolean html) {
    Template parsed = engine.parse(template, html ? HTML : TEXT);
    checkLoops(parsed.getNodes(), 0);
    return parsed;
  }

  private static void checkLoops(List<TemplateNode> nodes, int depth) {
    for (TemplateNode node : nodes) {
      if (!node.isSection()) {
        continue;
      }
      SectionNode section = node.asSection();
      boolean loop = section.getName().equals("for") || section.getName().equals("each");
      if (loop && depth == MAX_LOOP_DEPTH) {
        throw new TemplateException(
            node.getOrigin(), "loops nest at most " + MAX_LOOP_DEPTH + " deep");
      }
      if (loop) {
        for (Expression expression : section.getExpressions()) {
          if (expression.isLiteral()
              && expression.getLiteral() instanceof Number count
              && count.longValue() > MAX_LOOP_COUNT) {
            throw new TemplateException(
                node.getOrigin(), "a loop over a number counts to at most " + MAX_LOOP_COUNT);
          }
        }
      }
      for (SectionBlock block : section.getBlocks()) {
        checkLoops(block.nodes, loop ? depth + 1 : depth);
      }
    }
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
