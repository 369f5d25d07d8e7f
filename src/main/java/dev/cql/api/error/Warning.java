package dev.cql.api.error;


/** A non-fatal finding, such as a legacy form with its canonical spelling. */
public record Warning(Span span, String message) {

  public String render(String source) {
    return Diagnostics.render("warning", null, span, message, source);
  }

  @Override
  public String toString() {
    return "warning " + span + ": " + message;
  }
}
