package io.taskfn.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskfn.api.ApiException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTemplatesTest {

  private final ReportTemplates templates = new ReportTemplates(1_000_000);

  private String refused(String template) {
    ApiException e =
        assertThrows(ApiException.class, () -> templates.check("Body", template, true));
    return e.getMessage();
  }

  @Test
  void aLoopOverAHugeNumberIsRefusedWhenTheTaskIsSaved() {
    // Before: accepted, and a run spun through two billion empty iterations, past every limit on
    // what a template writes.
    String message = refused("{#for i in 2000000000}{/for}");
    assertTrue(message.contains("counts to at most 10000"), message);
  }

  @Test
  void loopsNestAtMostTwoDeep() {
    String message = refused("{#for a in rows}{#for b in rows}{#for c in rows}{/for}{/for}{/for}");
    assertTrue(message.contains("loops nest at most 2 deep"), message);
    String alsoEach =
        refused("{#each rows}{#if it}{#each rows}{#each rows}x{/each}{/each}{/if}{/each}");
    assertTrue(alsoEach.contains("loops nest at most 2 deep"), alsoEach);
  }

  @Test
  void rowsAndTheirColumnsAndSmallCountsRender() throws Exception {
    Map<String, Object> data =
        Map.of(
            "rows",
            List.of(Map.of("city", "Oslo", "n", 3), Map.of("city", "Lima", "n", 5)),
            "columns",
            List.of("city", "n"));
    String body =
        "{#for row in rows}{#for column in columns}{row.get(column)};{/for}|{/for}"
            + "{#for i in 3}{i}{/for}";
    templates.check("Body", body, false);
    assertEquals("Oslo;3;|Lima;5;|123", templates.render("Body", body, false, data));
  }
}
