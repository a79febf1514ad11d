import { Injectable } from '@nestjs/common';
import { transactionAtNow } from '@omni/database';
import { DataSource, type EntityManager } from 'typeorm';
import type { ConsentDecision } from './consent-rules';
import { ConsentRepository, type ConsentHistoryEntry } from './consent.repository';
import type { CustomerConsentDto, PutConsent } from './dto/consent.dto';

export type CustomerConsent = { consents: ConsentDecision[]; history: ConsentHistoryEntry[] };

/** Consent as the admin API and the rest of crm see it. */
@Injectable()
export class ConsentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly consent: ConsentRepository,
  ) {}

  /** Records decisions made now (e.g. at a service desk), with who recorded them. */
  async put(customerId: string, body: PutConsent): Promise<CustomerConsentDto> {
    await transactionAtNow(this.dataSource, (tx, occurredAt) =>
      this.consent.record(
        tx,
        body.consents.map((decision) => ({
          ...decision,
          customerId,
          policyVersion: body.policyVersion ?? null,
          occurredAt,
          source: 'api',
          sourceEventKey: null,
          actor: body.actor,
        })),
      ),
    );
    return this.get(customerId);
  }

  async get(customerId: string): Promise<CustomerConsentDto> {
    const { consents, history } = await this.of(this.dataSource.manager, customerId);
    return {
      customerId,
      consents: consents.map(decisionView),
      history: history.map((entry) => ({
        ...decisionView(entry),
        actor: entry.actor,
        recordedAt: entry.recordedAt.toISOString(),
      })),
    };
  }

  async of(manager: EntityManager, customerId: string): Promise<CustomerConsent> {
    const current = await this.consent.currentOf(manager, [customerId]);
    return {
      consents: current.get(customerId) ?? [],
      history: await this.consent.historyOf(manager, customerId),
    };
  }
}

const decisionView = (decision: ConsentDecision) => ({
  channel: decision.channel,
  purpose: decision.purpose,
  granted: decision.granted,
  policyVersion: decision.policyVersion,
  occurredAt: decision.occurredAt.toISOString(),
  source: decision.source,
});
