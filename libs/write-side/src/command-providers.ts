import { type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLOCK, systemClock } from '@prestaflow/platform';
import { CommandReceipts } from './command-receipts';
import { ReferenceChecks } from './reference-checks';

/** What a service with internal command endpoints needs besides the write side: clock, receipts, checks. */
export const internalCommandProviders: Provider[] = [
  { provide: CLOCK, useValue: systemClock },
  { provide: CommandReceipts, inject: [DataSource], useFactory: (dataSource: DataSource) => new CommandReceipts(dataSource) },
  { provide: ReferenceChecks, inject: [DataSource], useFactory: (dataSource: DataSource) => new ReferenceChecks(dataSource) },
];
