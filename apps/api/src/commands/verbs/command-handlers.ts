import { RegisterUcHandler } from './register-uc.command';
import { RegisterGenerationHandler } from './register-generation.command';
import { AddCapacityHandler } from './add-capacity.command';
import { RegisterMembersHandler } from './register-members.command';
import { ChangeRateioHandler } from './change-rateio.command';
import { RecordReadingHandler } from './record-reading.command';
import { TransferTitularidadeHandler } from './transfer-titularidade.command';
import { CloseContractHandler } from './close-contract.command';
import { RequestClosureDistributionHandler } from './request-closure-distribution.command';
import { IndicateReallocationHandler } from './indicate-reallocation.command';
import { PublishTariffHandler } from './publish-tariff.command';

/** One CommandBus handler per platform verb. */
export const COMMAND_HANDLERS = [
  RegisterUcHandler,
  RegisterGenerationHandler,
  AddCapacityHandler,
  RegisterMembersHandler,
  ChangeRateioHandler,
  RecordReadingHandler,
  TransferTitularidadeHandler,
  CloseContractHandler,
  RequestClosureDistributionHandler,
  IndicateReallocationHandler,
  PublishTariffHandler,
];
