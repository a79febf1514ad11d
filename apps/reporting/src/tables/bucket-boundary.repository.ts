import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Where time buckets start in a time zone (Postgres cuts them, as the KPI queries do). */
@Injectable()
export class BucketBoundaryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The start of the bucket holding `hours` after `from`, cut in `tz`. */
  async startAfter(interval: 'hour' | 'day', tz: string, from: Date, hours: number): Promise<Date> {
    const rows: { start: Date }[] = await this.dataSource.query(
      `SELECT date_trunc($1, ($2::timestamptz + make_interval(hours => $4)) AT TIME ZONE $3) AT TIME ZONE $3 AS start`,
      [interval, from.toISOString(), tz, hours],
    );
    return new Date(rows[0].start);
  }
}
