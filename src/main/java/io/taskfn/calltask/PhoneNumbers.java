package io.taskfn.calltask;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Optional;

/**
 * Phone numbers checked against the numbering plans (libphonenumber) and written in E.164, so the
 * same number written two ways ({@code 138 0013 8000}, {@code +8613800138000}) is one number: for
 * {@code Unique}, the do-not-call list and the dialers.
 */
final class PhoneNumbers {

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private final String defaultRegion;

  /**
   * @param defaultRegion where numbers without a country code are (ISO 3166 code)
   * @throws IllegalStateException when libphonenumber does not know the region
   */
  PhoneNumbers(String defaultRegion) {
    if (!UTIL.getSupportedRegions().contains(defaultRegion)) {
      throw new IllegalStateException(
          "taskfn.calltask.phone-region=" + defaultRegion + " is not a region of phone numbers");
    }
    this.defaultRegion = defaultRegion;
  }

  /** The number in E.164, or empty when it is no valid number. */
  Optional<String> normalise(String text) {
    if (text == null || text.isBlank() || text.length() > 64) {
      return Optional.empty();
    }
    try {
      PhoneNumber number = UTIL.parse(text, defaultRegion);
      return UTIL.isValidNumber(number)
          ? Optional.of(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164))
          : Optional.empty();
    } catch (NumberParseException notANumber) {
      return Optional.empty();
    }
  }

  /**
   * The number in E.164.
   *
   * @throws io.taskfn.api.ApiException InvalidParameter naming {@code parameter}
   */
  String require(String parameter, String text) {
    if (text == null || text.isBlank()) {
      throw VmsErrors.missing(parameter);
    }
    return normalise(text)
        .orElseThrow(
            () ->
                VmsErrors.invalid(
                    parameter,
                    "'" + text + "' is not a valid phone number (region " + defaultRegion + ")"));
  }
}
