package io.taskfn.mail;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.general.DefaultPieDataset;

/**
 * Draws a report's chart as a PNG with JFreeChart, headless: a bar, line or pie chart of the value
 * columns against the category column.
 */
final class ReportChart {
  private ReportChart() {}

  static {
    // No display on a server or in a Lambda: AWT draws into images only.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  static final int DEFAULT_WIDTH = 640;
  static final int DEFAULT_HEIGHT = 360;
  static final int MIN_SIZE = 100;
  static final int MAX_SIZE = 2000;

  /** A chart's settings with the defaults filled in from the data. */
  record Plan(
      String type, String title, String category, List<String> values, int width, int height) {}

  /** Checks a chart's settings as a task gives them, naming the parameter at fault. */
  static void check(MailTask.Chart chart) {
    String type = type(chart);
    if (!List.of("bar", "line", "pie").contains(type)) {
      throw QuickBiErrors.invalid(
          "Report.Chart.Type",
          "must be bar, line or pie, not " + io.taskfn.api.Echo.of(chart.type()));
    }
    size("Report.Chart.Width", chart.width());
    size("Report.Chart.Height", chart.height());
  }

  private static String type(MailTask.Chart chart) {
    return chart.type() == null ? "bar" : chart.type().trim().toLowerCase(Locale.ROOT);
  }

  private static int size(String parameter, Integer value) {
    if (value != null && (value < MIN_SIZE || value > MAX_SIZE)) {
      throw QuickBiErrors.invalid(
          parameter, "must be from " + MIN_SIZE + " to " + MAX_SIZE + " pixels, not " + value);
    }
    return value == null ? 0 : value;
  }

  /**
   * The chart's settings against the data: the category defaults to the first column that is not
   * all numbers, the values to the numeric columns.
   *
   * @throws ReportData.Unreadable when a named column is missing or no column is numeric
   */
  static Plan plan(MailTask.Chart chart, ReportData data) throws ReportData.Unreadable {
    String category = chart.category();
    if (category == null) {
      category =
          data.columns().stream()
              .filter(c -> !data.isNumeric(c))
              .findFirst()
              .orElse(data.columns().isEmpty() ? null : data.columns().get(0));
    }
    if (category != null && !data.columns().contains(category)) {
      throw new ReportData.Unreadable(
          "the chart's category column " + category + " is not in the data");
    }
    String categoryColumn = category;
    List<String> values = chart.values();
    if (values == null || values.isEmpty()) {
      values =
          data.columns().stream()
              .filter(c -> !c.equals(categoryColumn) && data.isNumeric(c))
              .toList();
    }
    for (String v : values) {
      if (!data.columns().contains(v)) {
        throw new ReportData.Unreadable("the chart's value column " + v + " is not in the data");
      }
    }
    if (values.isEmpty()) {
      throw new ReportData.Unreadable("the data has no numeric column to chart");
    }
    int width = chart.width() == null ? DEFAULT_WIDTH : chart.width();
    int height = chart.height() == null ? DEFAULT_HEIGHT : chart.height();
    return new Plan(type(chart), chart.title(), category, values, width, height);
  }

  static byte[] png(Plan plan, ReportData data) {
    JFreeChart chart =
        switch (plan.type()) {
          case "pie" -> pie(plan, data);
          case "line" ->
              ChartFactory.createLineChart(
                  plan.title(),
                  plan.category(),
                  null,
                  categories(plan, data),
                  PlotOrientation.VERTICAL,
                  plan.values().size() > 1,
                  false,
                  false);
          default ->
              ChartFactory.createBarChart(
                  plan.title(),
                  plan.category(),
                  null,
                  categories(plan, data),
                  PlotOrientation.VERTICAL,
                  plan.values().size() > 1,
                  false,
                  false);
        };
    chart.setBackgroundPaint(Color.WHITE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(out, chart, plan.width(), plan.height());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static DefaultCategoryDataset categories(Plan plan, ReportData data) {
    DefaultCategoryDataset dataset = new DefaultCategoryDataset();
    int index = 0;
    for (Map<String, Object> row : data.rows()) {
      String category = label(row, plan, index++);
      for (String value : plan.values()) {
        dataset.addValue(ReportData.number(row.get(value)), value, category);
      }
    }
    return dataset;
  }

  private static JFreeChart pie(Plan plan, ReportData data) {
    DefaultPieDataset<String> dataset = new DefaultPieDataset<>();
    String value = plan.values().get(0);
    int index = 0;
    for (Map<String, Object> row : data.rows()) {
      Double n = ReportData.number(row.get(value));
      dataset.setValue(label(row, plan, index++), n == null ? 0 : n);
    }
    return ChartFactory.createPieChart(plan.title(), dataset, true, false, false);
  }

  /** A row's category; rows without one are numbered, so that none is drawn over another. */
  private static String label(Map<String, Object> row, Plan plan, int index) {
    String text = plan.category() == null ? "" : ReportData.text(row.get(plan.category()));
    return text.isEmpty() ? "#" + (index + 1) : text;
  }
}
