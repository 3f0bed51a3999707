/// <reference types="office-js" />
/** Requirement-set checks and error helpers for the Excel adapter. */

/** True when the host supports ExcelApi `version` (e.g. "1.12"). */
export function supports(version: string): boolean {
  try {
    return typeof Office !== 'undefined' && Office.context.requirements.isSetSupported('ExcelApi', version);
  } catch {
    return false;
  }
}

/** Thrown when the user cancelled between two batches. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new Cancelled();
}

/** The Office.js error code of `e`, if any ("ItemNotFound", "InvalidArgument", ...). */
export function errorCode(e: unknown): string | undefined {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : undefined;
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) {
    const code = errorCode(e);
    return code && !e.message.includes(code) ? `${e.message} (${code})` : e.message;
  }
  return String(e);
}
