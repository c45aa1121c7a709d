import { AisDecoder, type AisDecoderOptions, type AisMessage, type AisStats } from './pipeline.js';

/** Decodes a whole text (lines separated by LF or CRLF): the messages and the counts. */
export function decodeLines(
  text: string,
  options: AisDecoderOptions = {},
): { messages: AisMessage[]; stats: AisStats } {
  const messages: AisMessage[] = [];
  const decoder = new AisDecoder((m) => messages.push(m), options);
  let start = 0;
  while (start < text.length) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length;
    decoder.line(text, start, nl);
    start = nl + 1;
  }
  decoder.finish();
  return { messages, stats: decoder.stats };
}
