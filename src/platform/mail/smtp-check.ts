/**
 * Whether the SMTP server answers: a connection, its greeting and EHLO (and the login when the
 * address carries one), then QUIT, nothing sent. For /health and the warnings at start; the
 * mails themselves never wait on it (the queue retries while the server is down).
 */
export async function smtpServerAnswers(smtpUrl: string, timeoutMs = 3_000): Promise<boolean> {
  const { default: nodemailer } = await import("nodemailer");
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
  });
  try {
    return await transport.verify();
  } catch {
    return false;
  } finally {
    transport.close();
  }
}
