import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator.js';
import { CountDto, MarkReadDto, NotificationDto, NotificationPageDto, NotificationsQueryDto } from './notifications.dto.js';
import { NotificationsService } from './notifications.service.js';

/** Each signed-in user's own in-app notices: pending approvals, decisions, expiring or ended grants. */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Authenticated()
  @ApiOkResponse({ type: NotificationPageDto })
  async list(@CurrentUser() user: AuthUser, @Query() q: NotificationsQueryDto): Promise<NotificationPageDto> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const [items, total] = await this.notifications.page(user.id, q.unread ?? false, page, pageSize);
    return { notifications: items.map(NotificationDto.from), total, unread: await this.notifications.countUnread(user.id), page, pageSize };
  }

  @Get('unread-count')
  @Authenticated()
  @ApiOkResponse({ type: CountDto })
  async unreadCount(@CurrentUser() user: AuthUser): Promise<CountDto> {
    return { count: await this.notifications.countUnread(user.id) };
  }

  @Post('read')
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({ type: CountDto, description: 'How many notices were newly marked read' })
  async markRead(@CurrentUser() user: AuthUser, @Body() dto: MarkReadDto): Promise<CountDto> {
    return { count: await this.notifications.markRead(user.id, dto.ids) };
  }

  @Post('read-all')
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({ type: CountDto, description: 'How many notices were newly marked read' })
  async markAllRead(@CurrentUser() user: AuthUser): Promise<CountDto> {
    return { count: await this.notifications.markRead(user.id, 'all') };
  }
}
