import { appendFileSync } from 'node:fs';

/** One record a simulated source had acknowledged by its receiver (the proof a test compares with the store). */
export type SendLogEntry =
  /** A webhook POST answered with `status` (2xx: the receiver took responsibility); 0: about to be sent. */
  | { kind: 'push'; url: string; status: number; contentType: string; body: string }
  /** An MQTT publish (QoS 1) the broker acknowledged with PUBACK. */
  | { kind: 'mqtt'; topic: string; payload: string }
  /** A page a polled vendor API served (200). */
  | { kind: 'served'; source: string; path: string; body: string };

let path: string | null = null;

/**
 * Test and demo aid (SIM_SEND_LOG): the simulators append every acknowledged record to one file, one JSON line
 * each, written synchronously so it survives the process being killed right after (kill -9 in the cluster test).
 * Off unless configured; a process has one log (several test servers in one process leave it off).
 */
export function configureSendLog(file: string | undefined): void {
  path = file ?? null;
}

export function recordSend(entry: SendLogEntry): void {
  if (path === null) return;
  appendFileSync(path, `${JSON.stringify({ at: Date.now(), ...entry })}\n`);
}
