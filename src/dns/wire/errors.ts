/** A malformed DNS message or name. Callers turn it into a WinprepError with context (server, file). */
export class DnsWireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DnsWireError';
  }
}
