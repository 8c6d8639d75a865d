package io.taskfn.mail;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.swing.JEditorPane;
import javax.swing.text.ViewFactory;
import javax.swing.text.html.HTML;
import javax.swing.text.html.HTMLEditorKit;
import javax.swing.text.html.ImageView;

/**
 * Draws the picture of a report mail in the README: a sample task's body rendered by the family's
 * templates with its chart drawn by the family's chart code, laid out by Swing's HTML view (as a
 * plain mail reader would) into a PNG. Run: {@code ./mvnw -q test-compile exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=io.taskfn.mail.ReportMailPicture
 * -Dexec.args=docs/report-mail.png}.
 */
public final class ReportMailPicture {
  private ReportMailPicture() {}

  static final String BODY =
      """
      <h2>{name}</h2>
      <p>Hello {recipient}, here are the {rowCount} regions as of {runTime}.</p>
      {chart}
      <table border="1" cellpadding="4" cellspacing="0">
      <tr>{#for c in columns}<th>{c}</th>{/for}</tr>
      {#for r in rows}<tr><td>{r.region}</td><td>{r.sales}</td><td>{r.orders}</td></tr>{/for}
      </table>
      <p>The data is attached as CSV.</p>
      """;

  public static void main(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    Path out = Path.of(args.length > 0 ? args[0] : "docs/report-mail.png");
    ReportData data =
        ReportData.parse(
            "[{\"region\":\"North\",\"sales\":120,\"orders\":7},"
                + "{\"region\":\"South\",\"sales\":80.5,\"orders\":3},"
                + "{\"region\":\"East\",\"sales\":64,\"orders\":5},"
                + "{\"region\":\"West\",\"sales\":42,\"orders\":9}]",
            "the sample data",
            100);
    MailTask.Chart chart =
        new MailTask.Chart(
            "bar", "Sales by region", "region", List.of("sales", "orders"), 560, 280);
    Path png = Files.createTempFile("chart", ".png");
    Files.write(png, ReportChart.png(ReportChart.plan(chart, data), data));
    Map<String, Object> model =
        MailRunner.model(
            "Weekly sales",
            data,
            "2026-06-01 09:00",
            "1",
            "ann@example.org",
            "<img src=\"" + png.toUri() + "\" width=\"560\" height=\"280\">");
    String html = new ReportTemplates(100_000).render("Body", BODY, true, model);

    JEditorPane pane = new JEditorPane();
    pane.setEditorKit(new SynchronousImages());
    pane.setContentType("text/html");
    pane.setText(
        "<html><body style='font-family:sans-serif; margin:12px'>" + html + "</body></html>");
    pane.setSize(new Dimension(620, 10));
    Dimension size = pane.getPreferredSize();
    pane.setSize(new Dimension(620, size.height));
    BufferedImage image = new BufferedImage(620, size.height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    pane.paint(g);
    g.dispose();
    ImageIO.write(image, "png", out.toFile());
    Files.delete(png);
  }

  /** Swing's HTML kit with images loaded before the page is laid out, not in the background. */
  private static final class SynchronousImages extends HTMLEditorKit {
    @Override
    public ViewFactory getViewFactory() {
      ViewFactory standard = super.getViewFactory();
      return element -> {
        if (element.getAttributes().getAttribute(javax.swing.text.StyleConstants.NameAttribute)
            == HTML.Tag.IMG) {
          ImageView view = new ImageView(element);
          view.setLoadsSynchronously(true);
          return view;
        }
        return standard.create(element);
      };
    }
  }
}
