package io.dataexport.standalone;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.Charset;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;

/**
 * The console encoder of the launcher's {@code logback.xml}: JSON lines when {@code
 * logging.structured.format.console} names a format, text lines otherwise — the choice Spring
 * Boot's built-in configuration makes for the services run on their own. The launcher needs a
 * {@code logback.xml} of its own, to quiet the embedded broker from its first line on (before
 * Spring Boot configures logging), and with one Boot no longer makes that choice.
 */
public class ConsoleLogEncoder extends EncoderBase<ILoggingEvent> {

  private String format;
  private String pattern;
  private Charset charset;
  private Encoder<ILoggingEvent> delegate;

  /** A structured format ({@code ecs}, {@code logstash}, {@code gelf}); blank for text. */
  public void setFormat(String format) {
    this.format = format;
  }

  /** The pattern of text lines. */
  public void setPattern(String pattern) {
    this.pattern = pattern;
  }

  public void setCharset(Charset charset) {
    this.charset = charset;
  }

  @Override
  public void start() {
    // Structured lines need Spring's environment, which the logger context has only once Spring
    // Boot configured logging; the broker's first lines come before that, as text.
    boolean structured =
        format != null
            && !format.isBlank()
            && getContext().getObject(Environment.class.getName()) != null;
    delegate = structured ? structuredEncoder() : textEncoder();
    super.start();
  }

  private Encoder<ILoggingEvent> structuredEncoder() {
    StructuredLogEncoder encoder = new StructuredLogEncoder();
    encoder.setContext(getContext());
    encoder.setFormat(format.strip());
    if (charset != null) {
      encoder.setCharset(charset);
    }
    encoder.start();
    return encoder;
  }

  private Encoder<ILoggingEvent> textEncoder() {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(getContext());
    encoder.setPattern(pattern);
    if (charset != null) {
      encoder.setCharset(charset);
    }
    encoder.start();
    return encoder;
  }

  @Override
  public void stop() {
    if (delegate != null) {
      delegate.stop();
    }
    super.stop();
  }

  @Override
  public byte[] headerBytes() {
    return delegate.headerBytes();
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return delegate.encode(event);
  }

  @Override
  public byte[] footerBytes() {
    return delegate.footerBytes();
  }
}
