export enum OrganisationType {
  Police = 'police',
  CountyCouncil = 'county_council',
  DistrictCouncil = 'district_council',
  UnitaryCouncil = 'unitary_council',
  FireAndRescue = 'fire_and_rescue',
  PoliceAndCrimeCommissioner = 'pcc',
  Probation = 'probation',
  Housing = 'housing',
  Health = 'health',
  YouthOffending = 'youth_offending',
  Other = 'other',
}
