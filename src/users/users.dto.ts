import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsEmail, IsEnum, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { Role } from '../auth/role.js';
import { AreaDto } from '../organisations/organisations.dto.js';
import type { Organisation } from '../organisations/organisation.entity.js';
import type { User } from './user.entity.js';

export class OrganisationRefDto {
  @ApiProperty() id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
}

export class UserDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: OrganisationRefDto }) organisation: OrganisationRefDto;
  @ApiProperty({ enum: Role, isArray: true }) roles: Role[];
  @ApiProperty() disabled: boolean;
  @ApiProperty() mustChangePassword: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastSignInAt: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;

  static from(u: User, org: Organisation | undefined): UserDto {
    return {
      id: u.id,
      email: u.email,
      displayName: u.displayName,
      organisation: { id: u.organisationId, slug: org?.slug ?? '', name: org?.name ?? '' },
      roles: u.roles,
      disabled: u.disabled,
      mustChangePassword: u.mustChangePassword,
      lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
      createdAt: u.createdAt.toISOString(),
    };
  }
}

export class MeDto {
  @ApiProperty({ type: UserDto }) user: UserDto;
  @ApiProperty({ enum: Role, isArray: true }) roles: Role[];
  @ApiProperty({ type: [String] }) permissions: string[];
  @ApiProperty({ type: [AreaDto], description: "The areas the user's organisation covers" }) areas: AreaDto[];
}

/** A non-empty set of known roles. */
const IsRoleList = () =>
  applyDecorators(
    IsArray(),
    ArrayMinSize(1, { message: 'Give the user at least one role' }),
    ArrayMaxSize(5),
    ArrayUnique(),
    IsEnum(Role, { each: true, message: `Roles must be among: ${Object.values(Role).join(', ')}` }),
  );

export class CreateUserDto {
  @ApiProperty()
  @IsEmail({}, { message: 'Enter an email address in the correct format, like name@example.gov.uk' })
  @MaxLength(320)
  email: string;

  @ApiProperty()
  @IsString()
  @Length(1, 200)
  displayName: string;

  @ApiProperty({ description: 'Organisation slug, e.g. winchester' })
  @IsString()
  @Matches(/^[a-z0-9-]{1,80}$/, { message: 'organisation must be an organisation slug' })
  organisation: string;

  @ApiProperty({ enum: Role, isArray: true })
  @IsRoleList()
  roles: Role[];
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  displayName?: string;

  @ApiPropertyOptional({ enum: Role, isArray: true })
  @IsOptional()
  @IsRoleList()
  roles?: Role[];

  @ApiPropertyOptional({ description: 'Disabling ends the user’s sessions at once' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class CreatedUserDto {
  @ApiProperty({ type: UserDto }) user: UserDto;
  @ApiProperty({ description: 'Shown once; the user must change it at first sign-in' }) temporaryPassword: string;
}

export class PasswordResetDto {
  @ApiProperty({ description: 'Shown once; the user must change it at next sign-in' }) temporaryPassword: string;
}
