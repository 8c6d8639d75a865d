package io.taskfn.calltask;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ForbidTimeList} as the vendor spells it: weekdays numbered 1 = Sunday, 2 = Monday … 7 =
 * Saturday (not ISO), an absent or empty list meaning every day, and times as {@code HH:mm-HH:mm}.
 */
public final class ForbidTimes {
  private ForbidTimes() {}

  static final String PARAMETER = "ForbidTimeList";
  private static final Pattern RANGE =
      Pattern.compile("([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-3]|24):([0-5][0-9])");

  /** One item of {@code ForbidTimeList}. */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record Item(List<Integer> weekdays, List<String> times) {}

  /**
   * The ranges a list forbids.
   *
   * @throws io.taskfn.api.ApiException InvalidParameter naming the item and what is wrong with it
   */
  public static List<CallWindow.Forbidden> parse(List<Item> items) {
    List<CallWindow.Forbidden> ranges = new ArrayList<>();
    if (items == null) {
      return ranges;
    }
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      String at = PARAMETER + "[" + i + "]";
      if (item == null) {
        throw VmsErrors.invalid(at, "an item must be an object with Times");
      }
      Set<DayOfWeek> days = days(at + ".Weekdays", item.weekdays());
      if (item.times() == null || item.times().isEmpty()) {
        throw VmsErrors.missing(at + ".Times");
      }
      for (int j = 0; j < item.times().size(); j++) {
        String name = at + ".Times[" + j + "]";
        String text = item.times().get(j);
        Matcher m = text == null ? null : RANGE.matcher(text);
        if (m == null || !m.matches()) {
          throw VmsErrors.invalid(name, "a time range is HH:mm-HH:mm, such as 12:00-13:30");
        }
        LocalTime from = LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        int toHour = Integer.parseInt(m.group(3));
        int toMinute = Integer.parseInt(m.group(4));
        if (toHour == 24 && toMinute != 0) {
          throw VmsErrors.invalid(name, "24:00 is the latest end of a range");
        }
        LocalTime to = toHour == 24 ? LocalTime.MIDNIGHT : LocalTime.of(toHour, toMinute);
        if (from.equals(to) && toHour != 24) {
          throw VmsErrors.invalid(name, "a range must not be empty: its start and end are equal");
        }
        ranges.add(new CallWindow.Forbidden(days, from, to));
      }
    }
    return ranges;
  }

  private static Set<DayOfWeek> days(String name, List<Integer> weekdays) {
    if (weekdays == null || weekdays.isEmpty()) {
      return EnumSet.allOf(DayOfWeek.class);
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (Integer day : weekdays) {
      if (day == null || day < 1 || day > 7) {
        throw VmsErrors.invalid(name, "weekdays are 1 (Sunday) to 7 (Saturday), not " + day);
      }
      days.add(dayOfWeek(day));
    }
    return days;
  }

  /** The vendor's weekday number: 1 is Sunday, 2 Monday, … 7 Saturday. */
  static DayOfWeek dayOfWeek(int vendorDay) {
    return DayOfWeek.of((vendorDay + 5) % 7 + 1);
  }
}
