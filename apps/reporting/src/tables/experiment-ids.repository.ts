import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Which experiments the dashboard reads out: the most recently exposed first. */
@Injectable()
export class ExperimentIdsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async latest(limit: number): Promise<string[]> {
    const rows: { experiment_id: string }[] = await this.dataSource.query(
      `SELECT experiment_id FROM exposures GROUP BY experiment_id
        ORDER BY max(first_exposed_at) DESC, experiment_id LIMIT $1`,
      [limit],
    );
    return rows.map((row) => row.experiment_id);
  }
}
