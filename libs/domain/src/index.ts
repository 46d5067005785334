/** Compensa's pure domain: the SCEE rules (../shared/domain/RULES.md). No I/O, no clock, no framework. */
export * from './shared/errors';
export * from './shared/decider';
export * from './shared/schema-versions';
export * from './values/kwh';
export * from './values/percent';
export * from './values/posto';
export * from './values/gd-class';
export * from './values/scce-cohort';
export * from './values/business-date';
export * from './values/cycle';
export * from './values/uc-id';
export * from './values/titular-document';
export * from './values/titular-key';
export * from './split/split-largest-remainder';
export * from './tariff/te-table';
export * from './tariff/tariff-decider';
export * from './classification/generation';
export * from './classification/classify-gd';
export * from './classification/check-size';
export * from './classification/split-injection';
export * from './compensation/lots';
export * from './compensation/lot-json';
export * from './compensation/expire-credits';
export * from './compensation/custo-disponibilidade';
export * from './compensation/invoice-label';
export * from './compensation/fio-b-share';
export * from './compensation/compensate-reading';
export * from './compensation/grupo-b-limit';
export * from './compensation/pricing-json';
export * from './money/cycle-pricing';
export * from './values/subgrupo';
export * from './allocation/rateio';
export * from './allocation/allocate-excedente';
export * from './eligibility/uc-facts';
export * from './eligibility/check-rateio-eligibility';
export * from './uc/uc-commands';
export * from './uc/uc-events';
export * from './uc/uc-state';
export * from './uc/evolve-uc';
export * from './uc/decide-uc';
export * from './uc/receipt-corrections';
export * from './uc/receipt-correction-key';
export {
  demandCorrectionStep,
  heldReceiptCorrectionStep,
  isLeavingEvent,
  receiptCorrectionStep,
  withDelivery,
  withHeldDelivery,
} from './uc/correct-reading';
export * from './uc/uc-decider';
export * from './titular/titular-decider';
export * from './titular/correct-held-credits';
export * from './titular/titular-history';
export * from './titular/redecide-default';
export * from './titular/move-deliveries';
export * from './shared/event-business-date';
export * from './money';
export * from './distribuidora/distribuidora-policy';
export * from './national/bandeira';
export * from './national/scce-rate';
export * from './titular/titular-stream-decider';
export * from './tariff/distribuidora-decider';
export * from './shared/domain-event';
export * from './compensation/credit-lot-view';
export * from './shared/event-catalogue';
export * from './pt-br';
export * from './opening/opening-lots';
export * from './opening/import-opening-balance';
export * from './opening/import-opening-held-credits';
