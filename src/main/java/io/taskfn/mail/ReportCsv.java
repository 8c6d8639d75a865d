package io.taskfn.mail;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** A report's data as CSV (RFC 4180): a header of the columns, then a line per row. */
final class ReportCsv {
  private ReportCsv() {}

  static String of(ReportData data) {
    StringWriter out = new StringWriter();
    try (CSVPrinter csv =
        new CSVPrinter(
            out,
            CSVFormat.RFC4180.builder().setHeader(data.columns().toArray(String[]::new)).get())) {
      for (Map<String, Object> row : data.rows()) {
        for (String column : data.columns()) {
          csv.print(ReportData.text(row.get(column)));
        }
        csv.println();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
