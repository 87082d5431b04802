/**
 * The one error a telemetry read ends with: the file, line and field of the first problem.
 * Its own module so that the worker transport can rebuild it from a message without
 * importing the readers.
 */
import { formatLocation, type FileLocation } from '../contract/errors.js';

export class TelemetryError extends Error {
  override name = 'TelemetryError';
  constructor(
    readonly where: FileLocation,
    readonly reason: string,
  ) {
    super(`${formatLocation(where)}: ${reason}`);
  }
}
