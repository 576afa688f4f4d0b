/**
 * The latest activation per named machine (events repeat a machine; the latest one counts), keyed by the
 * name's digest and held in columns, in first-seen order of the names.
 */
import {DigestTable} from './digest-table.js';
import {detach} from './detach.js';

export interface LatestActivation {
  at: number;
  origin: number;
  label: string;
}

export class LatestActivations {
  private readonly names = new DigestTable();
  private readonly at: number[] = [];
  private readonly origins: number[] = [];
  private readonly labels: string[] = [];

  /** Note that machine `name` activated at `at` (the observation at `origin`, labelled `label`). */
  note(name: string, at: number, origin: number, label: string): void {
    const entry = this.names.upsert(name, this.at.length);
    const index = this.names.payload(entry);
    if (!this.names.added && this.at[index] >= at) return;
    this.at[index] = at;
    this.origins[index] = origin;
    this.labels[index] = detach(label);
  }

  *[Symbol.iterator](): Generator<LatestActivation> {
    for (let i = 0; i < this.at.length; i++) yield {at: this.at[i], origin: this.origins[i], label: this.labels[i]};
  }
}
