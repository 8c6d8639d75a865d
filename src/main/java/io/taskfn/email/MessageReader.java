package io.taskfn.email;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskfn.api.Params;
import io.taskfn.email.EmailParts.Attachment;
import io.taskfn.email.EmailParts.Header;
import io.taskfn.email.EmailParts.Party;
import io.taskfn.email.EmailRequests.Address;
import io.taskfn.email.EmailRequests.SendEmail;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a SendEmail request of one version into {@link EmailParts}, rejecting what the vendor
 * rejects: missing parts, addresses that are not RFC 5322 addresses, fields of the other version,
 * headers that would break or forge the message, attachments of types the version does not take or
 * that are not base64.
 */
final class MessageReader {

  /** The 2021-10-01-preview attachment types, with the MIME type each is sent as. */
  static final Map<String, String> ATTACHMENT_TYPES_2021 =
      Map.ofEntries(
          Map.entry("avi", "video/x-msvideo"),
          Map.entry("bmp", "image/bmp"),
          Map.entry("doc", "application/msword"),
          Map.entry("docm", "application/vnd.ms-word.document.macroEnabled.12"),
          Map.entry(
              "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
          Map.entry("gif", "image/gif"),
          Map.entry("jpeg", "image/jpeg"),
          Map.entry("mp3", "audio/mpeg"),
          Map.entry("one", "application/onenote"),
          Map.entry("pdf", "application/pdf"),
          Map.entry("png", "image/png"),
          Map.entry("ppsm", "application/vnd.ms-powerpoint.slideshow.macroEnabled.12"),
          Map.entry(
              "ppsx", "application/vnd.openxmlformats-officedocument.presentationml.slideshow"),
          Map.entry("ppt", "application/vnd.ms-powerpoint"),
          Map.entry("pptm", "application/vnd.ms-powerpoint.presentation.macroEnabled.12"),
          Map.entry(
              "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
          Map.entry("pub", "application/x-mspublisher"),
          Map.entry("rpmsg", "application/vnd.ms-outlook"),
          Map.entry("rtf", "application/rtf"),
          Map.entry("tif", "image/tiff"),
          Map.entry("txt", "text/plain"),
          Map.entry("vsd", "application/vnd.visio"),
          Map.entry("wav", "audio/wav"),
          Map.entry("wma", "audio/x-ms-wma"),
          Map.entry("xls", "application/vnd.ms-excel"),
          Map.entry("xlsb", "application/vnd.ms-excel.sheet.binary.macroEnabled.12"),
          Map.entry("xlsm", "application/vnd.ms-excel.sheet.macroEnabled.12"),
          Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));

  static final List<String> IMPORTANCE = List.of("high", "normal", "low");

  /** Headers taskfn writes itself: a client's own would forge or break the message. */
  static final Set<String> RESERVED_HEADERS =
      Set.of(
          "from",
          "sender",
          "to",
          "cc",
          "bcc",
          "reply-to",
          "subject",
          "date",
          "message-id",
          "mime-version",
          "content-type",
          "content-transfer-encoding",
          "return-path");

  /** RFC 5322 field-name: printable US-ASCII but the colon. */
  private static final Pattern FIELD_NAME = Pattern.compile("[\\x21-\\x39\\x3B-\\x7E]+");

  /** RFC 2045 type/subtype, parameters allowed. */
  private static final Pattern MIME_TYPE =
      Pattern.compile(
          "[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\\s*;\\s*[A-Za-z0-9!#$&^_.+-]+=\\S+)*");

  private final ApiVersion version;
  private final boolean v2021;

  MessageReader(ApiVersion version) {
    this.version = version;
    this.v2021 = version == ApiVersion.V2021_10_01_PREVIEW;
  }

  EmailParts read(SendEmail req) {
    String sender = sender(req);
    EmailRequests.Content content = req.content();
    if (content == null) {
      throw EmailErrors.missing("content");
    }
    String subject = content.subject();
    if (subject == null) {
      throw EmailErrors.missing("content.subject");
    }
    Params.noControlCharacters("content.subject", subject);
    if (isBlank(content.plainText()) && isBlank(content.html())) {
      throw EmailErrors.invalid(
          "content", "The content needs a plainText or an html part, or both.");
    }
    if (req.recipients() == null) {
      throw EmailErrors.missing("recipients");
    }
    List<Party> to = parties("recipients.to", req.recipients().to());
    List<Party> cc = parties(v2021 ? "recipients.CC" : "recipients.cc", req.recipients().cc());
    List<Party> bcc = parties(v2021 ? "recipients.bCC" : "recipients.bcc", req.recipients().bcc());
    if (to.size() + cc.size() + bcc.size() == 0) {
      throw EmailErrors.invalid("recipients.to", "The message needs at least one recipient.");
    }
    List<Party> replyTo = parties("replyTo", req.replyTo());
    String importance = importance(req.importance());
    foreign(
        v2021 ? "userEngagementTrackingDisabled" : "disableUserEngagementTracking",
        v2021 ? req.userEngagementTrackingDisabled() : req.disableUserEngagementTracking());
    Boolean tracking =
        v2021 ? req.disableUserEngagementTracking() : req.userEngagementTrackingDisabled();
    return new EmailParts(
        version,
        sender,
        subject,
        blankToNull(content.plainText()),
        blankToNull(content.html()),
        to,
        cc,
        bcc,
        replyTo,
        headers(req.headers()),
        importance,
        attachments(req.attachments()),
        Boolean.TRUE.equals(tracking));
  }

  /** 2021: {@code senderEmail} in the specification, {@code sender} in its examples and SDK. */
  private String sender(SendEmail req) {
    if (v2021) {
      foreign("senderAddress", req.senderAddress());
      if (req.sender() != null
          && req.senderEmail() != null
          && !req.sender().equals(req.senderEmail())) {
        throw EmailErrors.invalid(
            "senderEmail", "sender and senderEmail name the same field; give one of them.");
      }
      String given = req.sender() != null ? req.sender() : req.senderEmail();
      return address(req.sender() != null ? "sender" : "senderEmail", given);
    }
    foreign("sender", req.sender());
    foreign("senderEmail", req.senderEmail());
    return address("senderAddress", req.senderAddress());
  }

  private List<Party> parties(String target, List<Address> given) {
    List<Party> out = new ArrayList<>();
    if (given == null) {
      return out;
    }
    for (int i = 0; i < given.size(); i++) {
      Address a = given.get(i);
      String at = target + "[" + i + "]";
      if (a == null) {
        throw EmailErrors.missing(at);
      }
      foreign(at + (v2021 ? ".address" : ".email"), v2021 ? a.address() : a.email());
      String address =
          address(at + (v2021 ? ".email" : ".address"), v2021 ? a.email() : a.address());
      String name = blankToNull(a.displayName());
      Params.noControlCharacters(at + ".displayName", name);
      out.add(new Party(address, name));
    }
    return out;
  }

  /** A bare RFC 5322 addr-spec, checked by Jakarta Mail's parser in its strict mode. */
  static String address(String target, String raw) {
    if (raw == null || raw.isBlank()) {
      throw EmailErrors.missing(target);
    }
    InternetAddress parsed;
    try {
      parsed = new InternetAddress(raw, true);
      parsed.validate();
    } catch (AddressException e) {
      throw EmailErrors.invalidAddress(target, raw, reason(e));
    }
    if (parsed.getPersonal() != null || !parsed.getAddress().equals(raw.trim())) {
      throw EmailErrors.invalidAddress(
          target, raw, "give the address alone; a name goes in displayName");
    }
    return parsed.getAddress();
  }

  private static String reason(AddressException e) {
    String message = e.getMessage();
    int in = message.indexOf(" in string");
    return (in > 0 ? message.substring(0, in) : message).toLowerCase(Locale.ROOT);
  }

  private String importance(String given) {
    if (!v2021) {
      foreign("importance", given);
      return null;
    }
    if (given == null) {
      return "normal";
    }
    String lower = given.toLowerCase(Locale.ROOT);
    if (!IMPORTANCE.contains(lower)) {
      throw EmailErrors.invalid(
          "importance", "The importance must be one of " + IMPORTANCE + ", not " + given + ".");
    }
    return lower;
  }

  private List<Header> headers(JsonNode given) {
    List<Header> out = new ArrayList<>();
    if (given == null || given.isNull()) {
      return out;
    }
    if (v2021) {
      if (!given.isArray()) {
        throw EmailErrors.invalid(
            "headers", "In 2021-10-01-preview headers is a list of {name, value} objects.");
      }
      for (int i = 0; i < given.size(); i++) {
        JsonNode h = given.get(i);
        String at = "headers[" + i + "]";
        out.add(header(at, text(at + ".name", h.get("name")), text(at + ".value", h.get("value"))));
      }
    } else {
      if (!given.isObject()) {
        throw EmailErrors.invalid(
            "headers", "In 2023-03-31 headers is an object of header names to values.");
      }
      Iterator<Map.Entry<String, JsonNode>> fields = given.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        String at = "headers." + f.getKey();
        out.add(header(at, f.getKey(), text(at, f.getValue())));
      }
      // A map has no order: sorted, a repeat with its keys reordered is the same request.
      out.sort(Comparator.comparing(Header::name));
    }
    Set<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (Header h : out) {
      if (!seen.add(h.name())) {
        throw EmailErrors.invalid("headers", "The header " + h.name() + " is given twice.");
      }
    }
    return out;
  }

  private static String text(String target, JsonNode node) {
    if (node == null || node.isNull()) {
      throw EmailErrors.missing(target);
    }
    if (!node.isTextual()) {
      throw EmailErrors.invalid(target, "The field " + target + " must be a string.");
    }
    return node.asText();
  }

  private static Header header(String target, String name, String value) {
    if (!FIELD_NAME.matcher(name).matches()) {
      throw EmailErrors.invalid(
          target, "The header name '" + name + "' is not an RFC 5322 field name.");
    }
    if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
      throw EmailErrors.invalid(
          target, "The header " + name + " is set from the message's own fields.");
    }
    Params.noControlCharacters(target, value);
    return new Header(name, value);
  }

  private List<Attachment> attachments(List<EmailRequests.Attachment> given) {
    List<Attachment> out = new ArrayList<>();
    if (given == null) {
      return out;
    }
    for (int i = 0; i < given.size(); i++) {
      EmailRequests.Attachment a = given.get(i);
      String at = "attachments[" + i + "]";
      if (a == null) {
        throw EmailErrors.missing(at);
      }
      if (isBlank(a.name())) {
        throw EmailErrors.missing(at + ".name");
      }
      Params.noControlCharacters(at + ".name", a.name());
      String type;
      String content;
      String contentId = null;
      if (v2021) {
        foreign(at + ".contentId", a.contentId());
        foreign(at + ".contentType", a.contentType());
        foreign(at + ".contentInBase64", a.contentInBase64());
        if (a.attachmentType() == null) {
          throw EmailErrors.missing(at + ".attachmentType");
        }
        type = ATTACHMENT_TYPES_2021.get(a.attachmentType().toLowerCase(Locale.ROOT));
        if (type == null) {
          throw EmailErrors.invalid(
              at + ".attachmentType",
              "The attachment type '"
                  + a.attachmentType()
                  + "' is not supported; supported: "
                  + new TreeSet<>(ATTACHMENT_TYPES_2021.keySet())
                  + ".");
        }
        content = base64(at + ".contentBytesBase64", a.contentBytesBase64());
      } else {
        foreign(at + ".attachmentType", a.attachmentType());
        foreign(at + ".contentBytesBase64", a.contentBytesBase64());
        if (a.contentType() == null) {
          throw EmailErrors.missing(at + ".contentType");
        }
        if (!MIME_TYPE.matcher(a.contentType()).matches()) {
          throw EmailErrors.invalid(
              at + ".contentType",
              "The content type '" + a.contentType() + "' is not a MIME type (type/subtype).");
        }
        type = a.contentType();
        content = base64(at + ".contentInBase64", a.contentInBase64());
        contentId = contentId(at + ".contentId", a.contentId());
      }
      out.add(new Attachment(a.name(), type, content, contentId));
    }
    return out;
  }

  /** What goes between the angle brackets of a Content-ID header: no spaces, brackets, controls. */
  private static final Pattern CONTENT_ID = Pattern.compile("[!#-;=?-\\[\\]-~]{1,128}");

  private static String contentId(String target, String value) {
    if (value == null) {
      return null;
    }
    if (!CONTENT_ID.matcher(value).matches()) {
      throw EmailErrors.invalid(
          target,
          "The field "
              + target
              + " must be 1 to 128 printable ASCII characters without spaces, '<', '>' or '\\'.");
    }
    return value;
  }

  private static String base64(String target, String value) {
    if (value == null) {
      throw EmailErrors.missing(target);
    }
    try {
      Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw EmailErrors.invalid(target, "The field " + target + " is not valid base64.");
    }
    return value;
  }

  /** A field the other version has: sent to this one, it would be silently lost. */
  private void foreign(String target, Object value) {
    if (value != null) {
      throw EmailErrors.invalid(
          target,
          "The field "
              + target
              + " does not belong to api-version "
              + version.label()
              + "; see that version's message shape.");
    }
  }

  /** The request's size as the vendor counts it: text, headers and encoded attachments. */
  static long size(EmailParts parts) {
    long size = utf8(parts.subject()) + utf8(parts.plainText()) + utf8(parts.html());
    for (Header h : parts.headers()) {
      size += utf8(h.name()) + utf8(h.value());
    }
    for (Attachment a : parts.attachments()) {
      size += utf8(a.name()) + a.contentInBase64().length();
    }
    return size;
  }

  private static long utf8(String s) {
    return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  private static String blankToNull(String s) {
    return isBlank(s) ? null : s;
  }
}
