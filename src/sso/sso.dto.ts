import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsBoolean, IsEmail, IsIn, IsInt, IsObject, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min } from 'class-validator';
import { Role } from '../auth/role.js';
import { UserDto } from '../users/users.dto.js';
import type { ClientAuthMethod, IdentityProvider, RoleMapping } from './identity-provider.entity.js';

export class SsoOrganisationDto {
  @ApiProperty({ example: 'winchester' }) slug: string;
  @ApiProperty({ example: 'Winchester City Council' }) name: string;
}

export class FindProviderDto {
  @ApiProperty()
  @IsEmail({}, { message: 'Enter an email address in the correct format, like name@example.gov.uk' })
  @MaxLength(320)
  email: string;
}

export class FindProviderResultDto {
  @ApiProperty({ type: SsoOrganisationDto, nullable: true }) organisation: SsoOrganisationDto | null;
}

export class CompleteSsoDto {
  @ApiProperty({ description: 'The one-time code the callback put in the address' })
  @IsString()
  @MaxLength(100)
  handoff: string;
}

export class SsoSignInResultDto {
  @ApiProperty() accessToken: string;
  @ApiProperty() expiresIn: number;
  @ApiProperty({ type: () => UserDto }) user: UserDto;
}

const CLIENT_AUTH: ClientAuthMethod[] = ['client_secret_basic', 'client_secret_post', 'private_key_jwt'];
const ROLE_MAPPING: RoleMapping[] = ['hub', 'claim'];

/** An organisation's provider as the administrator sees it: never its secret or key. */
export class IdentityProviderDto {
  @ApiProperty() organisation: string;
  @ApiProperty() configured: boolean;
  @ApiProperty() enabled: boolean;
  @ApiProperty() issuer: string;
  @ApiProperty() clientId: string;
  @ApiProperty({ enum: CLIENT_AUTH }) clientAuth: ClientAuthMethod;
  @ApiProperty() hasClientSecret: boolean;
  @ApiProperty() hasPrivateKey: boolean;
  @ApiProperty() scopes: string;
  @ApiProperty({ type: [String] }) allowedDomains: string[];
  @ApiProperty({ enum: ROLE_MAPPING }) roleMapping: RoleMapping;
  @ApiProperty({ nullable: true, type: String }) rolesClaim: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', enum: Object.values(Role) } }) roleMap: Record<string, Role>;
  @ApiProperty() autoCreate: boolean;
  @ApiProperty() localPasswords: boolean;
  @ApiProperty() clockToleranceSeconds: number;
  @ApiProperty({ description: 'The redirect URI to register at the provider' }) redirectUri: string;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastErrorAt: string | null;

  static from(slug: string, p: IdentityProvider | null, redirectUri: string): IdentityProviderDto {
    return {
      organisation: slug,
      configured: Boolean(p),
      enabled: p?.enabled ?? false,
      issuer: p?.issuer ?? '',
      clientId: p?.clientId ?? '',
      clientAuth: p?.clientAuth ?? 'client_secret_basic',
      hasClientSecret: Boolean(p?.clientSecretSealed),
      hasPrivateKey: Boolean(p?.privateKeySealed),
      scopes: p?.scopes ?? 'openid email profile',
      allowedDomains: p?.allowedDomains ?? [],
      roleMapping: p?.roleMapping ?? 'hub',
      rolesClaim: p?.rolesClaim ?? null,
      roleMap: p?.roleMap ?? {},
      autoCreate: p?.autoCreate ?? false,
      localPasswords: p?.localPasswords ?? true,
      clockToleranceSeconds: p?.clockToleranceSeconds ?? 60,
      redirectUri,
      lastError: p?.lastError ?? null,
      lastErrorAt: p?.lastErrorAt?.toISOString() ?? null,
    };
  }
}

export class SaveIdentityProviderDto {
  @ApiProperty() @IsBoolean() enabled: boolean;

  @ApiProperty({ example: 'https://login.microsoftonline.com/<tenant>/v2.0' })
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['https', 'http'] }, { message: 'Enter the issuer as a URL, like https://login.example.gov.uk' })
  @MaxLength(500)
  issuer: string;

  @ApiProperty() @IsString() @Matches(/^\S{1,300}$/, { message: 'Enter the client id the provider gave the hub' }) clientId: string;

  @ApiProperty({ enum: CLIENT_AUTH }) @IsIn(CLIENT_AUTH) clientAuth: ClientAuthMethod;

  @ApiPropertyOptional({ description: 'Write-only; leave out to keep the stored one' })
  @IsOptional() @IsString() @MaxLength(1000)
  clientSecret?: string;

  @ApiPropertyOptional({ description: 'Private JWK as JSON for private_key_jwt; write-only' })
  @IsOptional() @IsString() @MaxLength(10_000)
  privateKey?: string;

  @ApiPropertyOptional({ default: 'openid email profile' })
  @IsOptional() @Matches(/^openid( [\w:.\-/]+)*$/, { message: 'Scopes must start with openid, separated by spaces' }) @MaxLength(500)
  scopes?: string;

  @ApiProperty({ type: [String], example: ['winchester.gov.uk'] })
  @ArrayMaxSize(50) @ArrayUnique()
  @Matches(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, { each: true, message: 'Give each allowed domain like winchester.gov.uk (lower case, no @)' })
  allowedDomains: string[];

  @ApiProperty({ enum: ROLE_MAPPING }) @IsIn(ROLE_MAPPING) roleMapping: RoleMapping;

  @ApiPropertyOptional({ example: 'groups' }) @IsOptional() @Matches(/^[\w:.\-/]{1,100}$/, { message: 'Give the claim name, like groups or roles' }) rolesClaim?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string', enum: Object.values(Role) } })
  @IsOptional() @IsObject()
  roleMap?: Record<string, Role>;

  @ApiProperty() @IsBoolean() autoCreate: boolean;
  @ApiProperty() @IsBoolean() localPasswords: boolean;

  @ApiPropertyOptional({ default: 60 }) @IsOptional() @IsInt() @Min(0) @Max(600) clockToleranceSeconds?: number;
}

export class ProviderCheckDto {
  @ApiProperty() ok: boolean;
  @ApiPropertyOptional() issuer?: string;
  @ApiPropertyOptional() authorizationEndpoint?: string;
  @ApiPropertyOptional() tokenEndpoint?: string;
  @ApiPropertyOptional({ nullable: true, type: String }) jwksUri?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) endSessionEndpoint?: string | null;
  @ApiPropertyOptional({ type: [String] }) signingAlgorithms?: string[];
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional() message?: string;
}

