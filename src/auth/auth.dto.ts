import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength } from 'class-validator';
import { UserDto } from '../users/users.dto.js';

export class SignInDto {
  @ApiProperty({ example: 'analyst.winchester@demo.csp-hub.test' })
  @IsEmail({}, { message: 'Enter an email address in the correct format, like name@example.gov.uk' })
  @MaxLength(320)
  email: string;

  @ApiProperty()
  @IsString()
  @MaxLength(256)
  password: string;
}

export class TokenDto {
  @ApiProperty({ description: 'Bearer token for the Authorization header' })
  accessToken: string;

  @ApiProperty({ description: 'Seconds until the token expires; refresh before then' })
  expiresIn: number;
}

export class SignInResultDto extends TokenDto {
  @ApiProperty({ type: () => UserDto })
  user: UserDto;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MaxLength(256)
  currentPassword: string;

  @ApiProperty({ description: 'At least 12 characters and hard to guess; three random words work well' })
  @IsString()
  @MaxLength(256)
  newPassword: string;
}
